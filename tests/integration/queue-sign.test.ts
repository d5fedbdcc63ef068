import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { bundleCli } from '../helpers/bundle-cli';

const missing = missingTools(['softhsm2-util', 'pkcs11-tool', 'openssl', SOFTHSM_MODULE]);
const execFileAsync = promisify(execFile);

interface SignJson {
  batch: string | null;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  files: Array<{ input: string; output: string; status: string; error: { code: string; message: string } | null }>;
}

describe.skipIf(missing)('signdesk sign with SoftHSM2 token keys, checked by openssl', () => {
  let hsm: SoftHsm;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let caPem: string;
  let cliBundle: string;
  const keyRef = (object: string) => `pkcs11:token=${hsm.label};object=${object}?module-path=${hsm.modulePath}`;
  const cli = (argv: string[], extra: NodeJS.ProcessEnv = {}) => runSigndesk(argv, { ...env, ...extra });

  /** A token key pair plus a CA-issued certificate (digitalSignature, nonRepudiation) stored beside it on the token. */
  function tokenKeyWithCertificate(object: string, keyType: string, id: string): void {
    const pkcs11 = ['--module', hsm.modulePath, '--token-label', hsm.label, '--login', '--pin', hsm.pin];
    execFileSync('pkcs11-tool', [...pkcs11, '--keypairgen', '--key-type', keyType, '--id', id, '--label', object], { env: hsm.env, stdio: 'ignore' });
    const engineConf = path.join(dir, 'openssl-engine.cnf');
    const enginesDir = execFileSync('openssl', ['version', '-e'], { encoding: 'utf8' }).match(/"(.*)"/)![1];
    fs.writeFileSync(
      engineConf,
      `openssl_conf = init\n[init]\nengines = engines\n[engines]\npkcs11 = pkcs11\n[pkcs11]\nengine_id = pkcs11\ndynamic_path = ${enginesDir}/pkcs11.so\nMODULE_PATH = ${hsm.modulePath}\ninit = 0\n[req]\ndistinguished_name = dn\n[dn]\n[leaf]\nkeyUsage = critical, digitalSignature, nonRepudiation\n`,
    );
    const csr = path.join(dir, `${object}.csr`);
    const engineEnv = { ...hsm.env, OPENSSL_CONF: engineConf };
    execFileSync('openssl', ['req', '-new', '-engine', 'pkcs11', '-keyform', 'engine', '-key', `pkcs11:token=${hsm.label};object=${object};type=private;pin-value=${hsm.pin}`, '-subj', `/CN=Batch Signer ${object}/O=Signdesk Test`, '-out', csr], { env: engineEnv, stdio: 'pipe' });
    const certDer = path.join(dir, `${object}.cer`);
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', caPem, '-CAkey', path.join(dir, 'ca.key'), '-CAcreateserial', '-days', '30', '-extfile', engineConf, '-extensions', 'leaf', '-outform', 'DER', '-out', certDer], { stdio: 'pipe' });
    execFileSync('pkcs11-tool', [...pkcs11, '--write-object', certDer, '--type', 'cert', '--id', id, '--label', object], { env: hsm.env, stdio: 'ignore' });
  }

  function makeFiles(folder: string, count: number): string[] {
    fs.mkdirSync(folder, { recursive: true });
    return Array.from({ length: count }, (_, index) => {
      const file = path.join(folder, `act-${String(index).padStart(4, '0')}.pdf`);
      fs.writeFileSync(file, `%PDF-1.4 act ${index}\n${'x'.repeat(index % 97)}`);
      return file;
    });
  }

  /** openssl cms -verify -cades on each signature (two at a time); returns the files that did not verify. */
  async function opensslRejects(files: readonly string[]): Promise<string[]> {
    const rejected: string[] = [];
    const queue = [...files];
    await Promise.all(
      [0, 1].map(async () => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          try {
            await execFileAsync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', `${file}.p7s`, '-content', file, '-CAfile', caPem, '-out', '/dev/null']);
          } catch {
            rejected.push(file);
          }
        }
      }),
    );
    return rejected;
  }

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Batch' });
    dir = hsm.dir;
    env = { ...hsm.env, SIGNDESK_DATA_DIR: path.join(dir, 'data'), TOKEN_PIN: hsm.pin, BAD_PIN: '000000' };
    caPem = path.join(dir, 'ca.pem');
    execFileSync('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'ca.key'), '-subj', '/CN=Batch Test CA', '-days', '2', '-out', caPem], { stdio: 'pipe' });
    tokenKeyWithCertificate('ec-key', 'EC:prime256v1', '01');
    tokenKeyWithCertificate('rsa-key', 'rsa:2048', '02');
    cliBundle = await bundleCli();
  });

  afterAll(() => {
    hsm?.cleanup();
    if (cliBundle) fs.rmSync(path.dirname(cliBundle), { recursive: true, force: true });
  });

  it('signs a 200-file batch with one EC token key; openssl verifies every signature', async () => {
    const files = makeFiles(path.join(dir, 'batch200'), 200);
    const list = path.join(dir, 'batch200.list');
    fs.writeFileSync(list, `${files.join('\n')}\n`);
    const run = await cli(['sign', '--key', keyRef('ec-key'), '--pin-env', 'TOKEN_PIN', '--from', list, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = run.json<SignJson>();
    expect(report).toMatchObject({ total: 200, done: 200, failed: 0, skipped: 0 });
    expect(report.files[0]).toEqual({ input: files[0], output: `${files[0]}.p7s`, status: 'done', error: null });
    expect(await opensslRejects(files)).toEqual([]);
    const history = await cli(['sign', '--resume', '--json']);
    expect(history.code).toBe(0);
    expect(history.json<SignJson>().batch).toBeNull();
  });

  it('signs with an RSA-2048 token key into --out-dir, attached on request', async () => {
    const files = makeFiles(path.join(dir, 'rsa'), 5);
    const outDir = path.join(dir, 'rsa-out');
    fs.mkdirSync(outDir);
    const run = await cli(['sign', '--key', keyRef('rsa-key'), '--pin-env', 'TOKEN_PIN', '--out-dir', outDir, '--attached', ...files]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/5 signed, 0 failed, 0 skipped of 5/);
    for (const file of files) {
      const out = execFileSync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', path.join(outDir, `${path.basename(file)}.p7s`), '-CAfile', caPem], { stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out.equals(fs.readFileSync(file))).toBe(true);
    }
  });

  it('reports vanished and unreadable inputs, signs the rest and exits 1', async () => {
    const files = makeFiles(path.join(dir, 'partial'), 6);
    const vanished = path.join(dir, 'partial', 'never-there.pdf');
    fs.mkdirSync(path.join(dir, 'partial', 'folder.pdf'));
    const run = await cli(['sign', '--key', keyRef('ec-key'), '--pin-env', 'TOKEN_PIN', '--json', ...files, vanished, path.join(dir, 'partial', 'folder.pdf')]);
    expect(run.code).toBe(1);
    const report = run.json<SignJson>();
    expect(report).toMatchObject({ total: 8, done: 6, failed: 2 });
    expect(report.files.find((file) => file.input === vanished)).toMatchObject({ status: 'failed', error: { code: 'ERR_FILE_NOT_FOUND' } });
    expect(report.files.at(-1)).toMatchObject({ status: 'failed', error: { code: 'ERR_FILE_UNREADABLE' } });
    expect(run.stderr).toContain(`failed: ${vanished}: ERR_FILE_NOT_FOUND`);
    expect(await opensslRejects(files)).toEqual([]);
  });

  it('a wrong PIN stops the batch before any signature (exit 2), resumable with the right one', async () => {
    const files = makeFiles(path.join(dir, 'wrong-pin'), 4);
    const run = await cli(['sign', '--key', keyRef('ec-key'), '--pin-env', 'BAD_PIN', '--json', ...files]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^signdesk: ERR_PIN_INCORRECT: /m);
    expect(run.stdout).not.toContain('000000');
    expect(files.filter((file) => fs.existsSync(`${file}.p7s`))).toEqual([]);
    const resumed = await cli(['sign', '--resume', '--pin-env', 'TOKEN_PIN', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json<SignJson>()).toMatchObject({ total: 4, done: 4 });
  });

  it('a reader that goes away (| head) ends the output, not the batch: every file is signed and the exit code is 0', async () => {
    const files = makeFiles(path.join(dir, 'closed-stdout'), 30);
    const child = spawn(process.execPath, [cliBundle, 'sign', '--data-dir', path.join(dir, 'data-closed'), '--key', keyRef('rsa-key'), '--pin-env', 'TOKEN_PIN', '--json', ...files], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code, stderr).toBe(0);
    expect(await opensslRejects(files)).toEqual([]);
  });

  it('a batch killed with SIGKILL mid-way and resumed leaves exactly one valid signature per file, no temp files', async () => {
    const folder = path.join(dir, 'killed');
    const files = makeFiles(folder, 600);
    fs.writeFileSync(`${files[599]}.p7s`, 'not ours');
    const dataDir = path.join(dir, 'data-killed');
    const child = spawn(process.execPath, [cliBundle, 'sign', '--data-dir', dataDir, '--key', keyRef('ec-key'), '--pin-env', 'TOKEN_PIN', ...files], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const signedCount = () => fs.readdirSync(folder).filter((name) => name.endsWith('.p7s')).length;
    const deadline = Date.now() + 30_000;
    // Outputs appear a group (256) at a time: kill once the first group is out, while later ones are in flight.
    while (signedCount() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = signedCount();
    expect(before).toBeLessThan(600);

    const resumed = await cli(['sign', '--resume', '--data-dir', dataDir, '--pin-env', 'TOKEN_PIN', '--json']);
    expect(resumed.code, resumed.stderr).toBe(1);
    const report = resumed.json<SignJson>();
    expect(report).toMatchObject({ total: 600, done: 599, failed: 1, skipped: 0 });
    expect(report.files[599]).toMatchObject({ status: 'failed', error: { code: 'ERR_OUTPUT_EXISTS' } });
    expect(fs.readFileSync(`${files[599]}.p7s`, 'utf8')).toBe('not ours');
    const names = fs.readdirSync(folder);
    expect(names.filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
    expect(names.filter((name) => name.endsWith('.p7s'))).toHaveLength(600);
    expect(await opensslRejects(files.slice(0, 599))).toEqual([]);
    const again = await cli(['sign', '--resume', '--data-dir', dataDir, '--pin-env', 'TOKEN_PIN']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to resume/);
  });
});
