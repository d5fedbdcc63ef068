import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSigndesk } from '../helpers/run-cli';

describe('signdesk command runner', () => {
  it('prints help listing the commands and exits 0', async () => {
    const run = await runSigndesk(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: signdesk <command>');
  });

  it('answers an unknown command with ERR_USAGE on stderr and exit 2', async () => {
    const run = await runSigndesk(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^signdesk: ERR_USAGE: Unknown command: frobnicate/);
    expect(run.stdout).toBe('');
  });

  it('adds a JSON error document on stdout with --json', async () => {
    const run = await runSigndesk(['frobnicate', '--json']);
    expect(run.code).toBe(2);
    expect(run.json()).toEqual({ error: { code: 'ERR_USAGE', message: expect.stringContaining('frobnicate') } });
  });

  it('prints its version', async () => {
    const run = await runSigndesk(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: 'signdesk test\n' });
  });

  it('never creates the data folder for commands that do not need it', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cli-')), 'data');
    await runSigndesk(['--help'], { SIGNDESK_DATA_DIR: dir });
    expect(fs.existsSync(dir)).toBe(false);
  });
});
