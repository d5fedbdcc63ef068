import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../helpers/bundle-cli';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['openssl']);
const FILES = 1500;

interface SignJson {
  batch: string;
  files: Array<{ input: string; output: string; status: string; error: { code: string; message: string } | null }>;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let cli: string;

function signdesk(args: string[], env: Record<string, string>): { done: Promise<Run> } {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

/** Whether a batch on the data folder has started and not settled all its items (a signing run is underway). */
function underway(dataDir: string): boolean {
  const file = path.join(dataDir, 'signdesk.db');
  if (!fs.existsSync(file)) return false;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT done + failed AS settled, total FROM queue_batches').all() as Array<{ settled: number; total: number }>;
      return rows.some((row) => row.settled < row.total);
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

function claimsHeld(dataDir: string): number {
  const file = path.join(dataDir, 'signdesk.db');
  if (!fs.existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM queue_output_claims').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    // The table is not made yet (or the database is being created): nothing claimed so far.
    return 0;
  }
}

beforeAll(async () => {
  cli = await bundleCli();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-overlap-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
  openssl('req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=Overlap', '-days', '30', '-out', 'k.crt');
  // OpenSSL's own iteration counts: the second process opens the key at once.
  openssl('pkcs12', '-export', '-inkey', 'k.pem', '-in', 'k.crt', '-passout', 'pass:pw', '-out', 'k.p12');
  fs.mkdirSync(path.join(dir, 'docs'));
  const list = Array.from({ length: FILES }, (_, index) => {
    const file = path.join(dir, 'docs', `act-${String(index).padStart(4, '0')}.txt`);
    fs.writeFileSync(file, `act ${index}\n`.repeat(64));
    return file;
  });
  fs.writeFileSync(path.join(dir, 'list.txt'), `${list.join('\n')}\n`);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
});

describe.skipIf(missing)('two --overwrite batches over the same files, in two processes on one data folder', () => {
  it('an output one batch is writing is not signed over by the other (ERR_BUSY), none is reported invalid, history is what is on disk', async () => {
    const dataDir = path.join(dir, 'data');
    const env = { SIGNDESK_DATA_DIR: dataDir, KEY_PASS: 'pw' };
    const args = ['sign', '--key', `file:${path.join(dir, 'k.p12')}`, '--pass-env', 'KEY_PASS', '--overwrite', '--json', '--from', path.join(dir, 'list.txt')];
    const first = signdesk(args, env);
    // The second starts once the first has begun its batch, i.e. while it is signing.
    const deadline = Date.now() + 60_000;
    while (!underway(dataDir) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(underway(dataDir)).toBe(true);
    const second = signdesk(args, env);
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.stderr).not.toMatch(/ERR_INTERNAL| {4}at /);
    expect(b.stderr).not.toMatch(/ERR_INTERNAL| {4}at /);
    const runs = [JSON.parse(a.stdout) as SignJson, JSON.parse(b.stdout) as SignJson];

    const outcomes = runs.flatMap((run) => run.files);
    expect(outcomes.filter((file) => file.error?.code === 'ERR_SIGNATURE_INVALID')).toEqual([]);
    // Every item is signed by one of them, or left to the one writing it.
    for (const file of outcomes) {
      if (file.status !== 'done') {
        expect(file.error?.code).toBe('ERR_BUSY');
        expect(file.error?.message).toMatch(/being signed by another batch/);
      }
    }
    const busy = outcomes.filter((file) => file.error?.code === 'ERR_BUSY');
    expect(busy.length).toBeGreaterThan(0);
    const doneOutputs = new Set(outcomes.filter((file) => file.status === 'done').map((file) => file.output));
    expect(doneOutputs.size).toBe(FILES);
    expect(a.code === 0 || b.code === 0).toBe(true);

    // History: one entry per output, holding exactly the bytes on disk; no claim is left behind.
    const db = new Database(path.join(dataDir, 'signdesk.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT output_path, signature, batch_id FROM history_entries').all() as Array<{ output_path: string; signature: Buffer; batch_id: string }>;
      expect(rows.length).toBe(FILES);
      const stale = rows.filter((row) => !fs.readFileSync(row.output_path).equals(row.signature));
      expect(stale.map((row) => row.output_path)).toEqual([]);
      expect((db.prepare('SELECT COUNT(*) AS n FROM queue_output_claims').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  }, 300_000);

  it("a claim left by a killed process is stale and taken over", async () => {
    const dataDir = path.join(dir, 'data-killed');
    const env = { SIGNDESK_DATA_DIR: dataDir, KEY_PASS: 'pw' };
    const args = ['sign', '--key', `file:${path.join(dir, 'k.p12')}`, '--pass-env', 'KEY_PASS', '--overwrite', '--json', '--from', path.join(dir, 'list.txt')];
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (claimsHeld(dataDir) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(claimsHeld(dataDir)).toBeGreaterThan(0);
    const again = await signdesk(args, env).done;
    const run = JSON.parse(again.stdout) as SignJson;
    expect(run.files.filter((file) => file.status !== 'done')).toEqual([]);
    expect(again.code).toBe(0);
  }, 300_000);
});
