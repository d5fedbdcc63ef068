import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge } from '../../main/bridge/bridge-server';
import { createServices } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets';
import { eventNames } from '../../preload/contract/api';
import { connectBridge } from '../helpers/bridge-socket';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { runSigndesk, type CliRun } from '../helpers/run-cli';

const missing = missingTools(['softhsm2-util', 'pkcs11-tool', 'openssl', SOFTHSM_MODULE]);

/** Random each run, so that no fixture, log or earlier run can contain them by chance. */
const PIN = `pin${randomBytes(9).toString('hex')}`;
const PASSWORD = `pw${randomBytes(9).toString('hex')}`;

describe.skipIf(missing)('a PIN in a pkcs11: URI and a file-key password are never stored or sent back', () => {
  let hsm: SoftHsm;
  let work: string;
  let dataDir: string;
  let p12: string;
  let pinFile: string;
  /** Everything the user or the page could see: CLI output, event payloads, bridge frames. */
  const seen: string[] = [];
  const uri = (query = '') => `pkcs11:token=${hsm.label};object=signer?module-path=${hsm.modulePath}${query}`;
  const cli = async (...argv: string[]): Promise<CliRun> => {
    const run = await runSigndesk([...argv, '--data-dir', dataDir], { ...hsm.env, TOKEN_PIN: PIN, KEY_PASSWORD: PASSWORD });
    seen.push(run.stdout, run.stderr);
    return run;
  };
  const documents = (name: string, count: number) =>
    Array.from({ length: count }, (_, index) => {
      const file = path.join(work, `${name}-${index}.pdf`);
      fs.writeFileSync(file, `%PDF-1.4 ${name} ${index}\n`);
      return file;
    });

  /** Every file under the data folder (database, WAL, SHM, settings, keys, caches, uploads) holding a secret. */
  function filesHoldingSecrets(): string[] {
    const holding: string[] = [];
    for (const entry of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const bytes = fs.readFileSync(file);
      for (const [name, secret] of [['PIN', PIN], ['password', PASSWORD]] as const) {
        for (const encoding of ['utf8', 'utf16le'] as const) if (bytes.includes(Buffer.from(secret, encoding))) holding.push(`${name} (${encoding}) in ${path.relative(dataDir, file)}`);
      }
    }
    return holding;
  }

  beforeAll(() => {
    hsm = createSoftHsm({ label: 'Secrets', pin: PIN });
    work = hsm.dir;
    dataDir = path.join(work, 'data');
    // A token key with a CA-issued certificate beside it, made with the token's own tools and OpenSSL.
    const ca = path.join(work, 'ca');
    execFileSync('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${ca}.key`, '-subj', '/CN=Secrets CA', '-days', '2', '-out', `${ca}.pem`], { stdio: 'pipe' });
    const pkcs11 = ['--module', hsm.modulePath, '--token-label', hsm.label, '--login', '--pin', PIN];
    execFileSync('pkcs11-tool', [...pkcs11, '--keypairgen', '--key-type', 'EC:prime256v1', '--id', '01', '--label', 'signer'], { env: hsm.env, stdio: 'ignore' });
    const publicKey = path.join(work, 'signer.pub.der');
    execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', hsm.label, '--read-object', '--type', 'pubkey', '--id', '01', '--output-file', publicKey], { env: hsm.env, stdio: 'ignore' });
    const cert = path.join(work, 'signer.cer');
    execFileSync('openssl', ['x509', '-new', '-force_pubkey', publicKey, '-keyform', 'DER', '-subj', '/CN=Secret Keeper', '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-days', '2', '-outform', 'DER', '-out', cert], { stdio: 'pipe' });
    execFileSync('pkcs11-tool', [...pkcs11, '--write-object', cert, '--type', 'cert', '--id', '01', '--label', 'signer'], { env: hsm.env, stdio: 'ignore' });
    // A file key (PKCS#12) with its certificate, under the random password.
    const fileKey = path.join(work, 'file-signer.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', fileKey, '-subj', '/CN=File Signer', '-days', '2', '-out', `${fileKey}.pem`], { stdio: 'pipe' });
    p12 = path.join(work, 'file-signer.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', fileKey, '-in', `${fileKey}.pem`, '-passout', `pass:${PASSWORD}`, '-out', p12]);
    pinFile = path.join(work, 'pin.txt');
    fs.writeFileSync(pinFile, `${PIN}\n`, { mode: 0o600 });
  });
  afterAll(() => hsm?.cleanup());

  it('a whole session — CLI signing, resume, the contract over the bridge, events — leaves them nowhere', async () => {
    // 1. The CLI with the PIN inside the URI, and with a file key's password from the environment.
    const signed = await cli('sign', '--key', uri(`&pin-value=${PIN}`), ...documents('uri-pin', 2), '--json');
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.json()).toMatchObject({ done: 2, failed: 0 });
    const withPassword = await cli('sign', '--key', `file:${p12}`, '--pass-env', 'KEY_PASSWORD', ...documents('password', 2));
    expect(withPassword.code, withPassword.stderr).toBe(0);

    // 2. A batch started with pin-value= that a Ctrl-C interrupted: --resume needs the PIN again.
    const interrupted = async (keyRef: string, name: string) => {
      const services = createServices({ dataDir, runtime: 'cli' });
      const batch = services.queue.createBatch({ keyRef, paths: documents(name, 2) });
      services.queue.journal.setState(batch.id, 'interrupted');
      await services.close();
      return batch.id;
    };
    const first = await interrupted(uri(`&pin-value=${PIN}`), 'resume');
    const noPin = await cli('sign', '--resume', '--batch', first);
    expect(noPin.stderr).toMatch(/ERR_PIN_REQUIRED/);
    expect(noPin.code).toBe(2);
    const resumed = await cli('sign', '--resume', '--batch', first, '--pin-env', 'TOKEN_PIN');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Resuming batch ${first}`);
    expect(resumed.stdout).toMatch(/2 signed, 0 failed/);

    // 3. pin-source=file: is a path, not a secret: it is kept, and --resume reads the file again.
    const second = await interrupted(uri(`&pin-source=file:${pinFile}`), 'pin-file');
    const fromFile = await cli('sign', '--resume', '--batch', second);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stderr).toContain(`pin-source=file:${pinFile}`);

    // 4. The app's way: the contract over the bridge, the PIN in the URI or as the call's secret; every event.
    const services = createServices({ dataDir, runtime: 'bridge', secrets: new MemorySecretStore() });
    const offs = eventNames.map((name) => services.events.on(name, (payload) => void seen.push(JSON.stringify({ name, payload }))));
    const rendererDir = fs.mkdtempSync(path.join(work, 'renderer-'));
    const bridge = await startBridge({ services, rendererDir });
    const page = await connectBridge(bridge.url);
    try {
      const signThrough = async (input: Record<string, unknown>, name: string) => {
        const added = await page.call('queue:add', { paths: documents(name, 2) });
        expect(added.ok).toBe(true);
        const ids = (added.value as Array<{ id: number }>).map((document) => document.id);
        const finished = page.nextEvent('batchFinished');
        const started = await page.call('queue:sign', { documentIds: ids, ...input });
        expect(started, JSON.stringify(started.error)).toMatchObject({ ok: true });
        expect(await finished).toMatchObject({ state: 'done', done: 2, failed: 0 });
      };
      await signThrough({ keyRef: uri(`&pin-value=${PIN}`) }, 'bridge-uri-pin');
      await signThrough({ keyRef: uri(), secret: PIN }, 'bridge-secret');
      await signThrough({ keyRef: `file:${p12}`, secret: PASSWORD }, 'bridge-password');
      const batches = await page.call('queue:batches', {});
      expect((batches.value as unknown[]).length).toBeGreaterThanOrEqual(7);
      for (const batch of batches.value as Array<{ id: string }>) await page.call('queue:items', { batchId: batch.id });
      await page.call('queue:interrupted', {});
      await page.call('history:list', {});
      await page.call('history:exportCsv', {});
      await page.call('cabinet:list', {});
      expect(filesHoldingSecrets(), 'while open (WAL and SHM present)').toEqual([]);
    } finally {
      seen.push(...page.frames);
      await page.close();
      await bridge.close();
      for (const off of offs) off();
      await services.close();
    }

    expect(filesHoldingSecrets(), 'after closing').toEqual([]);
    const leaks = seen.filter((text) => text.includes(PIN) || text.includes(PASSWORD));
    expect(leaks).toEqual([]);
    expect(seen.join('\n')).toContain('batchFinished');
  });

  it('a PIN an earlier version stored with a batch is wiped from the database and its WAL at the next start', async () => {
    const legacyDir = path.join(work, 'legacy-data');
    const legacy = createServices({ dataDir: legacyDir, runtime: 'cli' });
    const batch = legacy.queue.createBatch({ keyRef: uri(), paths: documents('legacy', 1) });
    // What the journal held before: the URI exactly as typed, pin-value included.
    legacy.db.prepare('UPDATE queue_batches SET key_ref = ? WHERE id = ?').run(uri(`&pin-value=${PIN}`), batch.id);
    await legacy.close();
    const holding = () => fs.readdirSync(legacyDir).filter((name) => fs.statSync(path.join(legacyDir, name)).isFile() && fs.readFileSync(path.join(legacyDir, name)).includes(Buffer.from(PIN)));
    expect(holding()).toEqual(['signdesk.db']);

    const reopened = createServices({ dataDir: legacyDir, runtime: 'cli' });
    try {
      expect(reopened.queue.journal.get(batch.id).keyRef).toBe(uri());
      expect(holding()).toEqual([]);
    } finally {
      await reopened.close();
    }
    expect(holding()).toEqual([]);
  });
});
