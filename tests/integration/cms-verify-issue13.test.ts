import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCms, verifySignatureFile } from '../../main/core/cms';
import { signerCertificate } from '../../main/core/cms/signer-certificate';
import { algorithmIdentifier, concat, sequence, tlv } from '../../main/core/crypto/der';
import { isSigndeskError } from '../../preload/contract/errors';
import { baseAttributes, sha256, signedData, signerInfo } from '../helpers/cms-builder';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return isSigndeskError(error) ? error.code : String(error);
  }
}

// Issue 13, "Wrong verdicts": each case is built with our ASN.1 layer (OpenSSL will not write them) and really signed,
// so only the defect under test can make it fail. These fail on the code before issue 15.
describe.skipIf(missing)('issue 13: strict structure, one parser whatever the size', () => {
  let pki: TestPki;
  let content: Uint8Array;
  beforeAll(() => {
    pki = createTestPki();
    content = crypto.randomBytes(4000);
  });
  afterAll(() => pki?.cleanup());

  const ec = () => ({ certDer: pki.ecLeaf.certDer, keyPem: pki.ecLeaf.keyPem });
  const certificates = () => [pki.ecLeaf.certDer, pki.intermediate.certDer];
  const verify = (signature: Uint8Array, extra: Partial<Parameters<typeof verifyCms>[0]> = {}) => verifyCms({ signature, content, trustAnchors: [pki.root.certDer], revocation: 'skip', ...extra });

  it('an ENUMERATED serial number in the signer identifier is refused', async () => {
    const issuerAndSerial = signerCertificate(pki.ecLeaf.certDer).issuerAndSerial;
    const enumerated = Uint8Array.from(issuerAndSerial);
    // IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber INTEGER }: retag the INTEGER (the last element) as ENUMERATED.
    const serialAt = enumerated.lastIndexOf(0x02, enumerated.length - 1 - 16);
    expect(serialAt).toBeGreaterThan(0);
    enumerated[serialAt] = 0x0a;
    const signature = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)), { sid: enumerated })], certificates: certificates() });
    expect(await codeOf(verify(signature))).toBe('ERR_SIGNATURE_MALFORMED');
  });

  it('version fields: a SignerInfo version that contradicts its signer identifier, a SignedData version RFC 5652 does not allow', async () => {
    const wrongVersion = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)), { version: 3 })], certificates: certificates(), version: 3 });
    const report = await verify(wrongVersion);
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(report.signers[0]!.errors.map((error) => error.code)).toContain('ERR_SIGNATURE_MALFORMED');
    const version2 = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)))], certificates: certificates(), version: 2 });
    expect(await codeOf(verify(version2))).toBe('ERR_SIGNATURE_MALFORMED');
    // A subjectKeyIdentifier signer needs SignedData version 3.
    const ski = signerCertificate(pki.ecLeaf.certDer).certificate.extensions!.find((item) => item.extnID === '2.5.29.14')!.parsedValue.valueBlock.valueHexView as Uint8Array;
    const skiSigner = signerInfo(ec(), baseAttributes(ec(), sha256(content)), { sid: tlv(0x80, ski), version: 3 });
    expect(await codeOf(verify(signedData({ signerInfos: [skiSigner], certificates: certificates(), version: 1 })))).toBe('ERR_SIGNATURE_MALFORMED');
    expect((await verify(signedData({ signerInfos: [skiSigner], certificates: certificates(), version: 3 }))).valid).toBe(true);
  });

  it('a signatureAlgorithm labelled Ed25519 on an ECDSA signature does not verify (bound to key type and digest)', async () => {
    const signature = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)), { signatureAlgorithm: algorithmIdentifier('1.3.101.112') })], certificates: certificates() });
    const report = await verify(signature);
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(report.signers[0]!.errors.map((error) => error.code)).toContain('ERR_ALGORITHM_MISMATCH');
    expect(report.signers[0]!.details.algorithmBinding).toContain('contradicts');
  });

  it('a certificate whose outer signatureAlgorithm differs from the inner one, or with trailing elements, is refused', async () => {
    const der = Buffer.from(pki.ecLeaf.certDer);
    const sha256Oid = Buffer.from('06082a8648ce3d040302', 'hex');
    const outer = Uint8Array.from(der);
    outer[der.lastIndexOf(sha256Oid) + sha256Oid.length - 1] = 0x03; // ecdsa-with-SHA384, outside the signed TBS
    const header = der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f);
    const trailing = sequence(der.subarray(header), Uint8Array.of(0x05, 0x00));
    for (const [label, certificate] of [
      ['outer algorithm', outer],
      ['trailing element', trailing],
    ] as const) {
      const signature = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)))], certificates: [certificate, pki.intermediate.certDer] });
      const report = await verify(signature);
      expect(report.indication, label).toBe('TOTAL-FAILED');
      expect(report.signers[0]!.errors.map((error) => error.code), label).toEqual(['ERR_CERT_MALFORMED']);
      const file = pki.file(`bad-cert-${label.replace(' ', '-')}.pem`, `-----BEGIN CERTIFICATE-----\n${Buffer.from(certificate).toString('base64')}\n-----END CERTIFICATE-----\n`);
      const cli = await runSigndesk(['cert', 'verify', file, '--trust', pki.root.certPath, '--no-revocation', '--data-dir', path.join(pki.dir, 'data')]);
      expect(cli.code, label).toBe(2);
      expect(cli.stderr, label).toContain('ERR_CERT_MALFORMED');
    }
  });

  it('the same malformations are refused whether the signature is read whole or its content streamed from disk (> 64 MiB path)', async () => {
    const good = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)))], certificates: certificates(), content });
    const contentInfoHeader = good[1]! < 0x80 ? 2 : 2 + (good[1]! & 0x7f);
    const body = good.subarray(contentInfoHeader);
    const withLength = (length: number): Uint8Array => concat([Uint8Array.of(0x30, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff), body]);
    const cases: Array<[string, Uint8Array, string]> = [
      ['outer length too short', withLength(body.length - 1), 'ERR_SIGNATURE_MALFORMED'],
      ['outer length too long', concat([withLength(body.length + 2), Uint8Array.of(0x05, 0x00)]), 'ERR_SIGNATURE_MALFORMED'],
      ['an element after [0] inside ContentInfo', sequence(body, Uint8Array.of(0x05, 0x00)), 'ERR_SIGNATURE_MALFORMED'],
      ['truncated', good.subarray(0, good.length - 10), 'ERR_SIGNATURE_MALFORMED'],
      ['data after the signature', concat([good, Uint8Array.of(1, 2, 3)]), 'valid with WARN_TRAILING_DATA'],
    ];
    for (const [label, bytes, expected] of cases) {
      const file = pki.file(`issue13-${label.replace(/\W+/g, '-')}.p7s`, bytes);
      for (const inMemoryLimit of [undefined, 0]) {
        const run = verifySignatureFile({ signaturePath: file, trustAnchors: [pki.root.certDer], revocation: 'skip', ...(inMemoryLimit === undefined ? {} : { inMemoryLimit }) });
        if (expected.startsWith('valid')) {
          const report = await run;
          expect(report.valid, `${label}, limit ${inMemoryLimit}`).toBe(true);
          expect(report.warnings?.map((warning) => warning.code), `${label}, limit ${inMemoryLimit}`).toEqual(['WARN_TRAILING_DATA']);
        } else expect(await codeOf(run), `${label}, limit ${inMemoryLimit}`).toBe(expected);
      }
    }
    expect(fs.existsSync(pki.dir)).toBe(true);
  });
});
