import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfSignatures } from '../../main/core/formats/pades/pdf';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { bundleCli } from '../helpers/bundle-cli';
import { minimalPdf, qpdfCheck } from '../helpers/pdf-fixtures';
import { runPdfsig } from '../helpers/pdfsig';
import { tokenKeyWithCertificate } from '../helpers/token-key';

const missing = missingTools(['softhsm2-util', 'pkcs11-tool', 'openssl', 'pdfsig', 'qpdf', 'unzip', SOFTHSM_MODULE]);

interface SignJson {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  files: Array<{ input: string; output: string; status: string; error: { code: string } | null }>;
}

describe.skipIf(missing)('PAdES and ASiC-E with SoftHSM2 token keys; a killed PAdES batch resumes to one signature per PDF', () => {
  let hsm: SoftHsm;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let caPem: string;
  let ecKey: string;
  let rsaKey: string;
  let cliBundle: string;
  const cli = (argv: string[], extra: NodeJS.ProcessEnv = {}) => runSigndesk(argv, { ...env, ...extra });

  function makePdfs(folder: string, count: number): string[] {
    fs.mkdirSync(folder, { recursive: true });
    return Array.from({ length: count }, (_, index) => {
      const file = path.join(folder, `invoice-${String(index).padStart(4, '0')}.pdf`);
      fs.writeFileSync(file, minimalPdf(`Invoice ${index}`));
      return file;
    });
  }

  /** pdfsig on each file: its signatures, every one valid; returns the files that are not. */
  function pdfsigRejects(files: readonly string[], signatures: number): string[] {
    return files.filter((file) => {
      const report = runPdfsig(file);
      return report.signatures.length !== signatures || report.signatures.some((signature) => !signature.valid);
    });
  }

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Formats' });
    dir = hsm.dir;
    env = { ...hsm.env, SIGNDESK_DATA_DIR: path.join(dir, 'data'), TOKEN_PIN: hsm.pin };
    caPem = path.join(dir, 'ca.pem');
    const caKey = path.join(dir, 'ca.key');
    execFileSync('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-subj', '/CN=Formats Test CA', '-days', '2', '-out', caPem], { stdio: 'pipe' });
    ecKey = tokenKeyWithCertificate(hsm, dir, { pem: caPem, key: caKey }, 'ec-key', 'EC:prime256v1', '01', '/CN=Token Signer EC/O=Signdesk Test');
    rsaKey = tokenKeyWithCertificate(hsm, dir, { pem: caPem, key: caKey }, 'rsa-key', 'rsa:2048', '02', '/CN=Token Signer RSA/O=Signdesk Test');
    cliBundle = await bundleCli();
  });

  afterAll(() => {
    hsm?.cleanup();
    if (cliBundle) fs.rmSync(path.dirname(cliBundle), { recursive: true, force: true });
  });

  it('signs 40 PDFs at PAdES-B-B with an EC token key and one login; pdfsig and our verifier accept every one', async () => {
    const files = makePdfs(path.join(dir, 'ec'), 40);
    const run = await cli(['sign', '--format', 'pades', '--key', ecKey, '--pin-env', 'TOKEN_PIN', '--json', ...files]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json<SignJson>()).toMatchObject({ total: 40, done: 40, failed: 0 });
    const outputs = files.map((file) => file.replace(/\.pdf$/, '-signed.pdf'));
    expect(pdfsigRejects(outputs, 1)).toEqual([]);
    expect(qpdfCheck(outputs[0]!).status).toBe(0);
    const verified = await cli(['verify', outputs[7]!, '--trust', caPem, '--no-revocation', '--json']);
    expect(verified.json<{ valid: boolean; pdf: { level: string } }>()).toMatchObject({ valid: true, pdf: { level: 'B-B' } });
  });

  it('an RSA token key co-signs a PDF and signs an ASiC-E container that OpenSSL verifies', async () => {
    const [pdf] = makePdfs(path.join(dir, 'rsa'), 1);
    expect((await cli(['sign', '--format', 'pades', '--key', ecKey, '--pin-env', 'TOKEN_PIN', pdf!])).code).toBe(0);
    const signed = pdf!.replace(/\.pdf$/, '-signed.pdf');
    const cosigned = await cli(['cosign', '--key', rsaKey, '--pin-env', 'TOKEN_PIN', signed]);
    expect(cosigned.code, cosigned.stderr).toBe(0);
    expect(pdfsigRejects([signed], 2)).toEqual([]);

    const container = await cli(['sign', '--format', 'asice', '--key', rsaKey, '--pin-env', 'TOKEN_PIN', pdf!]);
    expect(container.code, container.stderr).toBe(0);
    const out = path.join(dir, 'rsa-unzipped');
    execFileSync('unzip', ['-q', `${pdf}.asice`, '-d', out]);
    execFileSync('openssl', ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', path.join(out, 'META-INF/signature001.p7s'), '-content', path.join(out, 'META-INF/ASiCManifest001.xml'), '-CAfile', caPem, '-out', '/dev/null'], { stdio: 'pipe' });
  });

  for (const inPlace of [false, true]) {
    it(`a PAdES batch${inPlace ? ' signing in place' : ''} killed with SIGKILL mid-way and resumed leaves exactly one valid signature per PDF, no temp files`, async () => {
      const folder = path.join(dir, inPlace ? 'killed-in-place' : 'killed');
      const files = makePdfs(folder, 500);
      const originalSizes = files.map((file) => fs.statSync(file).size);
      const dataDir = path.join(dir, inPlace ? 'data-killed-in-place' : 'data-killed');
      const args = [cliBundle, 'sign', '--format', 'pades', ...(inPlace ? ['--in-place'] : []), '--data-dir', dataDir, '--key', ecKey, '--pin-env', 'TOKEN_PIN', ...files];
      const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const signedCount = () =>
        inPlace ? files.filter((file, index) => fs.statSync(file).size !== originalSizes[index]).length : fs.readdirSync(folder).filter((name) => name.endsWith('-signed.pdf')).length;
      const deadline = Date.now() + 60_000;
      while (signedCount() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(signedCount()).toBeLessThan(500);

      const resumed = await cli(['sign', '--resume', '--data-dir', dataDir, '--pin-env', 'TOKEN_PIN', '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.json<SignJson>()).toMatchObject({ total: 500, done: 500, failed: 0, skipped: 0 });
      const outputs = inPlace ? files : files.map((file) => file.replace(/\.pdf$/, '-signed.pdf'));
      expect(fs.readdirSync(folder).filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
      const counts = await Promise.all(outputs.map(async (file) => (await readPdfSignatures(file)).length));
      expect(counts.filter((count) => count !== 1)).toEqual([]);
      // pdfsig on a sample spread over the batch (every 25th): the ones signed before the kill and after.
      expect(pdfsigRejects(outputs.filter((_, index) => index % 25 === 0), 1)).toEqual([]);
    });
  }
});
