import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/run-cli';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';

const missing = missingTools(['softhsm2-util', SOFTHSM_MODULE]);

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const chunks = { stdout: '', stderr: '' };
  const sink = (name: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks[name] += chunk.toString();
        done();
      },
    });
  const code = await runCli(args, { stdout: sink('stdout'), stderr: sink('stderr'), stdin: new PassThrough(), env }, 'test');
  return { code, ...chunks };
}

describe.skipIf(missing)('signdesk tokens (in-process CLI, SoftHSM2)', () => {
  let hsm: SoftHsm;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    hsm = createSoftHsm({ label: 'Accountant' });
    env = { ...hsm.env, SIGNDESK_DATA_DIR: path.join(hsm.dir, 'data') };
  });

  afterAll(() => hsm?.cleanup());

  it('prints the tokens of --module as the JSON the CLI contract gives', async () => {
    const { code, stdout, stderr } = await cli(['tokens', '--module', hsm.modulePath, '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tokens = JSON.parse(stdout) as Array<Record<string, unknown>>;
    const accountant = tokens.find((token) => token.label === 'Accountant');
    expect(Object.keys(accountant!).sort()).toEqual(['flags', 'label', 'manufacturer', 'model', 'serial', 'slotId']);
    expect(accountant).toMatchObject({ manufacturer: 'SoftHSM project', flags: { loginRequired: true, protectedAuthPath: false, pinCountLow: false, pinFinalTry: false, pinLocked: false, pinToBeChanged: false } });
    expect(typeof accountant!.slotId).toBe('number');
    expect(accountant!.serial).toMatch(/^[0-9a-f]{16}$/);
  });

  it('prints human text without --json', async () => {
    const { code, stdout } = await cli(['tokens', '--module', hsm.modulePath], env);
    expect(code).toBe(0);
    expect(stdout).toContain('Accountant');
    expect(stdout).toMatch(/flags:\s+loginRequired/);
  });

  it('exits 3 with ERR_MODULE_LOAD_FAILED when a module cannot be loaded', async () => {
    const broken = path.join(hsm.dir, 'libbroken.so');
    fs.writeFileSync(broken, 'junk');
    for (const modulePath of ['/nonexistent/libnothing.so', broken]) {
      const { code, stdout, stderr } = await cli(['tokens', '--module', modulePath, '--json'], env);
      expect(code).toBe(3);
      expect(stderr).toMatch(new RegExp(`^signdesk: ERR_MODULE_LOAD_FAILED: .*${modulePath.replace(/[/.]/g, '\\$&')}`));
      expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'ERR_MODULE_LOAD_FAILED' } });
    }
  });

  it('does not open the cabinet to list tokens', async () => {
    await cli(['tokens', '--module', hsm.modulePath, '--json'], env);
    expect(fs.existsSync(path.join(hsm.dir, 'data', 'signdesk.db'))).toBe(false);
  });
});
