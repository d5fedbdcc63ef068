import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coSign, coSignFile, parseSignedData, signFile, verifyCms } from '../../main/core/cms';
import { keyFor } from '../helpers/software-key';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk as runCliCapture } from '../helpers/run-cli';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('co-signing', () => {
  let pki: TestPki;
  let document: string;
  beforeAll(() => {
    pki = createTestPki();
    document = pki.file('act.pdf', crypto.randomBytes(150_000));
  });
  afterAll(() => pki?.cleanup());

  const opensslVerify = (signature: string, content?: string): void => {
    const args = ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', signature, '-CAfile', pki.root.certPath, '-out', '/dev/null'];
    if (content) args.push('-content', content);
    pki.openssl(args);
  };

  for (const attached of [false, true]) {
    it(`adds a signer to our ${attached ? 'attached' : 'detached'} signature; the first stays byte-identical; OpenSSL verifies both`, async () => {
      const outPath = path.join(pki.dir, `cosign-${attached}.p7s`);
      await signFile({ path: document, key: keyFor(pki.ecLeaf, [pki.intermediate]), attached, outPath });
      const before = parseSignedData(fs.readFileSync(outPath));
      const result = await coSignFile(outPath, { key: keyFor(pki.rsaLeaf, [pki.intermediate]), contentPath: attached ? undefined : document, hash: 'SHA-384' });
      expect(result.signers).toBe(2);
      const after = parseSignedData(fs.readFileSync(outPath));
      expect(after.signerInfos).toHaveLength(2);
      expect(after.signerInfos.some((signer) => Buffer.from(signer.raw).equals(Buffer.from(before.signerInfos[0].raw)))).toBe(true);
      expect(Buffer.from(after.encapContentInfo).equals(Buffer.from(before.encapContentInfo))).toBe(true);
      opensslVerify(outPath, attached ? undefined : document);
      const report = await verifyCms({ signature: fs.readFileSync(outPath), contentPath: attached ? undefined : document, trustAnchors: [pki.root.certDer], revocation: 'skip' });
      expect(report.valid).toBe(true);
      expect(report.signers.map((signer) => signer.subject).sort()).toEqual(['CN=EC Leaf,O=Signdesk Test,C=UA', 'CN=RSA Leaf,O=Signdesk Test,C=UA']);
      // A third signer, again keeping the two before.
      await coSignFile(outPath, { key: keyFor(pki.uaLeaf, [pki.intermediate]), contentPath: attached ? undefined : document });
      const third = parseSignedData(fs.readFileSync(outPath));
      for (const old of after.signerInfos) expect(third.signerInfos.some((signer) => Buffer.from(signer.raw).equals(Buffer.from(old.raw)))).toBe(true);
      opensslVerify(outPath, attached ? undefined : document);
      expect(fs.readdirSync(pki.dir).filter((name) => name.endsWith('.signdesk-tmp'))).toEqual([]);
    });
  }

  it('co-signs an OpenSSL-made CAdES signature (BER from openssl kept as it was)', async () => {
    const outPath = path.join(pki.dir, 'openssl-made.p7s');
    pki.openssl(['cms', '-sign', '-binary', '-cades', '-nodetach', '-in', document, '-signer', pki.rsaLeaf.certPath, '-inkey', pki.rsaLeaf.keyPath, '-outform', 'DER', '-out', outPath]);
    const original = parseSignedData(fs.readFileSync(outPath)).signerInfos[0].raw;
    await coSignFile(outPath, { key: keyFor(pki.ecLeaf, [pki.intermediate]) });
    const after = parseSignedData(fs.readFileSync(outPath));
    expect(after.signerInfos.some((signer) => Buffer.from(signer.raw).equals(Buffer.from(original)))).toBe(true);
    opensslVerify(outPath);
  });

  it('refuses the wrong document and a detached signature without content, leaving the file as it was', async () => {
    const outPath = path.join(pki.dir, 'refuse.p7s');
    await signFile({ path: document, key: keyFor(pki.ecLeaf), outPath });
    const before = fs.readFileSync(outPath);
    const other = pki.file('other.pdf', 'not the document');
    for (const [options, code] of [
      [{ contentPath: other }, 'ERR_CONTENT_MISMATCH'],
      [{}, 'ERR_CONTENT_MISSING'],
    ] as const) {
      let error: unknown;
      try {
        await coSignFile(outPath, { key: keyFor(pki.rsaLeaf), ...options });
      } catch (caught) {
        error = caught;
      }
      expect(isSigndeskError(error, code)).toBe(true);
      expect(fs.readFileSync(outPath).equals(before)).toBe(true);
    }
    await expect(coSign(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]), { key: keyFor(pki.rsaLeaf) })).rejects.toSatisfy((error) => isSigndeskError(error, 'ERR_SIGNATURE_MALFORMED'));
  });

  it('signdesk cosign with a PKCS#12 file key', async () => {
    const outPath = path.join(pki.dir, 'cli-cosign.p7s');
    await signFile({ path: document, key: keyFor(pki.ecLeaf, [pki.intermediate]), outPath });
    const p12 = path.join(pki.dir, 'rsa.p12');
    pki.openssl(['pkcs12', '-export', '-inkey', pki.rsaLeaf.keyPath, '-in', pki.rsaLeaf.certPath, '-certfile', pki.intermediate.certPath, '-passout', 'pass:cosign-secret', '-out', p12]);
    const dataDir = fs.mkdtempSync(path.join(pki.dir, 'data-'));
    const result = await runCliCapture(['cosign', '--key', `file:${p12}`, outPath, '--content', document, '--pass-env', 'COSIGN_PW', '--data-dir', dataDir, '--json'], { COSIGN_PW: 'cosign-secret' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ signature: outPath, signers: 2 });
    opensslVerify(outPath, document);
    const verify = await runCliCapture(['verify', outPath, '--content', document, '--trust', pki.root.certPath, '--no-revocation', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(verify.stdout).signers).toHaveLength(2);
    expect(verify.code).toBe(0);
    const wrong = await runCliCapture(['cosign', '--key', `file:${p12}`, outPath, '--content', document, '--pass-env', 'COSIGN_PW', '--data-dir', dataDir], { COSIGN_PW: 'nope' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/ERR_PASSWORD_INCORRECT/);
    expect(wrong.stderr).not.toContain('nope');
  });
});
