import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignature, hashFile, signFile } from '../../main/core/cms';
import { keyFor, softwareKey } from '../helpers/software-key';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('CAdES signing → OpenSSL verifies', () => {
  let pki: TestPki;
  let caFile: string;
  let document: string;
  beforeAll(() => {
    pki = createTestPki();
    caFile = pki.file('ca-bundle.pem', pki.root.certPem);
    document = pki.file('act.pdf', crypto.randomBytes(300_000));
  });
  afterAll(() => pki?.cleanup());

  const opensslVerify = (signature: string, content?: string): void => {
    const args = ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', signature, '-CAfile', caFile, '-out', path.join(pki.dir, 'verified.out')];
    if (content) args.push('-content', content);
    pki.openssl(args);
  };

  for (const [label, leaf, padding] of [
    ['EC P-256', 'ecLeaf', undefined],
    ['RSA PKCS#1 v1.5', 'rsaLeaf', 'pkcs1'],
    ['RSA-PSS', 'rsaLeaf', 'pss'],
  ] as const) {
    for (const hash of ['SHA-256', 'SHA-384', 'SHA-512'] as const) {
      it(`${label} ${hash}: detached and attached pass openssl cms -verify -cades`, async () => {
        const key = keyFor(pki[leaf], [pki.intermediate]);
        const detached = await signFile({ path: document, key, hash, padding, outPath: path.join(pki.dir, `d-${leaf}-${padding}-${hash}.p7s`) });
        opensslVerify(detached.outPath, document);
        const attached = await signFile({ path: document, key, hash, padding, attached: true, outPath: path.join(pki.dir, `a-${leaf}-${padding}-${hash}.p7s`) });
        opensslVerify(attached.outPath);
        expect(fs.readFileSync(path.join(pki.dir, 'verified.out')).equals(fs.readFileSync(document))).toBe(true);
      });
    }
  }

  it('createSignature over a precomputed digest equals what the file gives', async () => {
    const key = keyFor(pki.ecLeaf, [pki.intermediate]);
    const digest = await hashFile(document, 'SHA-256');
    expect(Buffer.from(digest).equals(crypto.createHash('sha256').update(fs.readFileSync(document)).digest())).toBe(true);
    const signature = await createSignature({ digest, key, signingTime: new Date('2026-01-02T03:04:05Z') });
    const out = pki.file('precomputed.p7s', signature);
    opensslVerify(out, document);
    const printed = pki.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', out]).toString();
    expect(printed).toContain('signingTime');
    expect(printed).toMatch(/Jan +2 03:04:05 2026/);
    expect(printed).toMatch(/id-smime-aa-signingCertificateV2|signingCertificateV2/);
  });

  it('refuses a certificate that is not the key’s, a wrong digest length, and an existing output', async () => {
    const key = softwareKey('file:x', pki.ecLeaf.keyPem, pki.rsaLeaf.certDer);
    await expect(createSignature({ digest: new Uint8Array(32), key })).rejects.toSatisfy((error) => isSigndeskError(error, 'ERR_CERT_KEY_MISMATCH'));
    await expect(createSignature({ digest: new Uint8Array(20), key: keyFor(pki.ecLeaf) })).rejects.toSatisfy((error) => isSigndeskError(error, 'ERR_INPUT_INVALID'));
    const target = pki.file('exists.p7s', 'x');
    await expect(signFile({ path: document, key: keyFor(pki.ecLeaf), outPath: target })).rejects.toSatisfy((error) => isSigndeskError(error, 'ERR_OUTPUT_EXISTS'));
    expect(fs.readFileSync(target, 'utf8')).toBe('x');
  });
});
