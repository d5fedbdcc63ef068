import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coSignFile, signFile, verifySignatureFile } from '../../main/core/cms';
import { keyFor } from '../helpers/software-key';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

// Issue 13: an attached signature was reported valid for whatever document was given beside it.
describe.skipIf(missing)('an attached signature given another document', () => {
  let pki: TestPki;
  let signed: string;
  let other: string;
  let signature: string;
  beforeAll(async () => {
    pki = createTestPki();
    signed = pki.file('act.pdf', crypto.randomBytes(50_000));
    other = pki.file('other.pdf', crypto.randomBytes(50_000));
    signature = (await signFile({ path: signed, key: keyFor(pki.ecLeaf, [pki.intermediate]), attached: true, outPath: path.join(pki.dir, 'act.pdf.p7s') })).outPath;
  });
  afterAll(() => pki?.cleanup());

  const verify = (contentPath: string | undefined, inMemoryLimit?: number) =>
    verifySignatureFile({ signaturePath: signature, ...(contentPath ? { contentPath } : {}), trustAnchors: [pki.root.certDer], revocation: 'skip', ...(inMemoryLimit ? { inMemoryLimit } : {}) });

  it('is not valid for that document, says so and names the document it carries; OpenSSL refuses the pair too', async () => {
    for (const inMemoryLimit of [undefined, 1024]) {
      const report = await verify(other, inMemoryLimit);
      expect(report).toMatchObject({ valid: false, indication: 'TOTAL-FAILED', attached: true });
      expect(report.contentComparison).toMatchObject({ matches: false, givenPath: other, givenSize: 50_000, signedSize: 50_000, signedSha256: crypto.createHash('sha256').update(fs.readFileSync(signed)).digest('hex') });
      expect(report.signers[0]!.errors[0]!.code).toBe('ERR_CONTENT_MISMATCH');
      expect(report.signers[0]!.checks.messageDigest).toBe(false);
    }
    expect(() => pki.openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', signature, '-content', other, '-CAfile', pki.root.certPath, '-out', '/dev/null'])).toThrow();
  });

  it('is valid with the document it carries, and alone', async () => {
    const withSame = await verify(signed);
    expect(withSame).toMatchObject({ valid: true, contentComparison: { matches: true } });
    const alone = await verify(undefined);
    expect(alone.valid).toBe(true);
    expect(alone.contentComparison).toBeUndefined();
  });

  it('signdesk verify exits 1 and says which document was signed; --json carries the comparison', async () => {
    const trust = ['--trust', pki.root.certPath, '--no-revocation'];
    const human = await runSigndesk(['verify', signature, '--content', other, ...trust]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('ERR_CONTENT_MISMATCH');
    const json = await runSigndesk(['verify', signature, '--content', other, ...trust, '--json']);
    expect(json.json()).toMatchObject({ valid: false, content: { matches: false, signedSize: 50_000 } });
    expect((await runSigndesk(['verify', signature, '--content', signed, ...trust])).code).toBe(0);
  });

  it('co-signing with another document is refused and the signature is left as it was', async () => {
    const before = fs.readFileSync(signature);
    const cosigner = keyFor(pki.rsaLeaf, [pki.intermediate]);
    for (const inMemoryLimit of [undefined, 1024]) {
      await expect(coSignFile(signature, { key: cosigner, contentPath: other, ...(inMemoryLimit ? { inMemoryLimit } : {}) })).rejects.toMatchObject({ code: 'ERR_CONTENT_MISMATCH' });
      expect(fs.readFileSync(signature).equals(before)).toBe(true);
    }
    await coSignFile(signature, { key: cosigner, contentPath: signed });
    expect((await verify(signed)).signers).toHaveLength(2);
  });
});
