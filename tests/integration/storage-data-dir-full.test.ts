import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard } from '../../main/core/api/guard';
import { createHandlers } from '../../main/core/api/handlers';
import { createServices } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets';
import { bundleNodeScript } from '../helpers/bundle-cli';
import { missingTools } from '../helpers/require-tools';
import { mountTinyFs, tinyFsUnavailable, type TinyFs } from '../helpers/tiny-fs';

const UNAVAILABLE = tinyFsUnavailable() || missingTools(['openssl']);
const PASSWORD = 'data-dir-full-pw';

describe.skipIf(UNAVAILABLE)('the data folder’s disk is full', () => {
  let tiny: TinyFs;
  let work: string;
  let cli: string;
  let keyFile: string;
  let document: string;
  const dataDir = () => path.join(tiny.dir, 'data');
  /** A real `signdesk` process: what the user sees, stack traces included. */
  const signdesk = (...argv: string[]) => {
    const run = spawnSync(process.execPath, [cli, ...argv, '--data-dir', dataDir()], { encoding: 'utf8', env: { ...process.env, SIGNDESK_PW: PASSWORD } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const tempFiles = () => fs.readdirSync(dataDir(), { recursive: true }).map(String).filter((name) => name.endsWith('.signdesk-tmp'));

  beforeAll(async () => {
    cli = await bundleNodeScript('main/cli/index.ts');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-full-'));
    const key = path.join(work, 'signer.key');
    const cert = path.join(work, 'signer.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', '/CN=Full Disk Signer', '-days', '2', '-out', cert]);
    keyFile = path.join(work, 'signer.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', `pass:${PASSWORD}`, '-out', keyFile]);
    document = path.join(work, 'act.txt');
    fs.writeFileSync(document, 'an act to sign\n');
    tiny = mountTinyFs(4 * 1024 * 1024);
  });
  afterAll(() => {
    tiny?.unmount();
    fs.rmSync(work, { recursive: true, force: true });
    if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  function expectStorageFull(run: { code: number | null; stdout: string; stderr: string }): void {
    expect(run.stderr).toMatch(/^signdesk: ERR_STORAGE_FULL: .+\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(3);
  }

  it('a first start on a full disk: ERR_STORAGE_FULL, exit 3, one line, no stack trace', () => {
    tiny.fill();
    try {
      expectStorageFull(signdesk('keys'));
    } finally {
      tiny.free();
    }
  });

  it('commands on a data folder whose disk filled up: ERR_STORAGE_FULL; after freeing space they work and the database is intact', () => {
    expect(signdesk('keys').code).toBe(0);
    tiny.fill();
    try {
      expectStorageFull(signdesk('keys'));
      expectStorageFull(signdesk('keys', 'add', `file:${keyFile}`, '--pass-env', 'SIGNDESK_PW'));
      expectStorageFull(signdesk('sign', '--key', `file:${keyFile}`, '--pass-env', 'SIGNDESK_PW', document));
    } finally {
      tiny.free();
    }

    expect(tempFiles()).toEqual([]);
    const added = signdesk('keys', 'add', `file:${keyFile}`, '--pass-env', 'SIGNDESK_PW');
    expect(added.code, added.stderr).toBe(0);
    const signed = signdesk('sign', '--key', `file:${keyFile}`, '--pass-env', 'SIGNDESK_PW', '--overwrite', document);
    expect(signed.code, signed.stderr).toBe(0);
    const db = new Database(path.join(dataDir(), 'signdesk.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM cabinet_keys').pluck().get()).toBe(1);
    db.close();
  });

  it('the app running when the disk fills: database and settings writes answer ERR_STORAGE_FULL, the data stays as it was', async () => {
    const documents = fs.mkdtempSync(path.join(work, 'docs-'));
    const paths = Array.from({ length: 400 }, (_, i) => path.join(documents, `invoice-${String(i).padStart(4, '0')}-${'x'.repeat(100)}.pdf`));
    for (const file of paths) fs.writeFileSync(file, 'pdf');
    const services = createServices({ dataDir: dataDir(), runtime: 'cli', secrets: new MemorySecretStore() });
    const guard = createGuard(createHandlers(services), () => true);
    const call = (channel: string, input: unknown) => guard(channel, { url: 'test', isMainFrame: true }, input);
    try {
      await services.settings.update({ language: 'uk' });
      const before = services.queue.listDocuments().length;
      tiny.fill();
      expect(await call('settings:update', { language: 'ru' })).toMatchObject({ ok: false, error: { code: 'ERR_STORAGE_FULL' } });
      await expect(services.settings.update({ language: 'en' })).rejects.toMatchObject({ code: 'ERR_STORAGE_FULL' });
      expect(await call('queue:add', { paths })).toMatchObject({ ok: false, error: { code: 'ERR_STORAGE_FULL' } });
      tiny.free();

      expect((await services.settings.get()).language).toBe('uk');
      expect(JSON.parse(fs.readFileSync(path.join(dataDir(), 'settings.json'), 'utf8'))).toMatchObject({ language: 'uk' });
      expect(services.queue.listDocuments()).toHaveLength(before);
      expect(await call('queue:add', { paths })).toMatchObject({ ok: true });
      expect(services.queue.listDocuments()).toHaveLength(before + paths.length);
      expect(services.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(fs.readdirSync(dataDir()).filter((name) => name.startsWith('settings.json') && name !== 'settings.json')).toEqual([]);
    } finally {
      tiny.free();
      await services.close();
    }
  });
});
