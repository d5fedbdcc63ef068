import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignature, parseSignedData, SignatureStamp } from '../../main/core/cms';
import { OID_MESSAGE_DIGEST, OID_SIGNING_TIME } from '../../main/core/cms/oids';
import { octetString, time } from '../../main/core/crypto/der';
import { keyFor, softwareKey } from '../helpers/software-key';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

const sha256 = (data: string | Uint8Array) => crypto.createHash('sha256').update(data).digest();

// A batch's detached signatures are patched into DER built once (SignatureStamp); they must be exactly what the
// general encoder makes, with this file's digest, time and signature in the right places.
describe.skipIf(missing)('SignatureStamp: one layout, patched per signature', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki?.cleanup());

  it('RSA PKCS#1 v1.5 (deterministic): byte-identical to createSignature, chain included, for times of either encoding', async () => {
    const key = keyFor(pki.rsaLeaf, [pki.intermediate]);
    const stamp = new SignatureStamp(key, 'SHA-256');
    const times = [new Date('2026-11-22T10:00:00Z'), new Date('2031-01-02T03:04:05Z'), new Date('2051-06-07T08:09:10Z')];
    for (const [index, signingTime] of times.entries()) {
      for (let round = 0; round < 3; round++) {
        const digest = sha256(`document ${index}.${round}`);
        const stamped = await stamp.sign(digest, signingTime);
        expect(Buffer.from(stamped).equals(Buffer.from(await createSignature({ digest, key, signingTime })))).toBe(true);
      }
    }
  });

  it('EC P-256: every signature (several DER lengths) carries its digest and time and verifies; OpenSSL agrees', async () => {
    const key = keyFor(pki.ecLeaf);
    const stamp = new SignatureStamp(key, 'SHA-256');
    const publicKey = crypto.createPublicKey(pki.ecLeaf.certPem);
    const lengths = new Map<number, { der: Uint8Array; document: string }>();
    for (let index = 0; index < 60; index++) {
      const document = `invoice ${index}`;
      const signingTime = new Date(Date.UTC(2026, 10, 22, 10, 0, index));
      const der = await stamp.sign(sha256(document), signingTime);
      const [signer] = parseSignedData(der).signerInfos;
      const attribute = (type: string) => Buffer.from(signer!.signedAttributes!.find((item) => item.type === type)!.values[0]!);
      expect(attribute(OID_MESSAGE_DIGEST).equals(Buffer.from(octetString(sha256(document))))).toBe(true);
      expect(attribute(OID_SIGNING_TIME).equals(Buffer.from(time(signingTime)))).toBe(true);
      expect(crypto.verify('sha256', signer!.signedAttributesDer!, { key: publicKey, dsaEncoding: 'der' }, signer!.signature)).toBe(true);
      lengths.set(signer!.signature.length, { der, document });
    }
    expect(lengths.size).toBeGreaterThan(1);
    const caFile = pki.file('stamp-ca.pem', `${pki.root.certPem}${pki.intermediate.certPem}`);
    for (const [length, { der, document }] of lengths) {
      const signature = pki.file(`stamp-${length}.p7s`, der);
      const content = pki.file(`stamp-${length}.txt`, document);
      pki.openssl(['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', signature, '-content', content, '-CAfile', caFile, '-out', path.join(pki.dir, 'stamp.out')]);
      expect(fs.readFileSync(path.join(pki.dir, 'stamp.out'), 'utf8')).toBe(document);
    }
  });

  it('refuses a digest of the wrong length and a certificate of another key', async () => {
    const stamp = new SignatureStamp(keyFor(pki.ecLeaf), 'SHA-384');
    await expect(stamp.sign(sha256('x'))).rejects.toSatisfy((error) => isSigndeskError(error, 'ERR_INPUT_INVALID'));
    const mismatched = softwareKey('file:x', pki.ecLeaf.keyPem, pki.rsaLeaf.certDer);
    expect(() => new SignatureStamp(mismatched, 'SHA-256')).toThrow(expect.objectContaining({ code: 'ERR_CERT_KEY_MISMATCH' }));
  });
});
