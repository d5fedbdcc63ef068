import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCms, type VerifyCmsOptions } from '../../main/core/cms';
import { OID_CMS_ALGORITHM_PROTECTION, OID_COMMITMENT_TYPE, OID_COUNTER_SIGNATURE, OID_MESSAGE_DIGEST, OID_SIGNED_DATA, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME } from '../../main/core/cms/oids';
import { signerCertificate } from '../../main/core/cms/signer-certificate';
import { algorithmIdentifier, concat, contextConstructed, octetString, oid, sequence, time } from '../../main/core/crypto/der';
import { crlRevocationChecker } from '../../main/core/pki';
import { attribute, baseAttributes, sha256, signatureValueOf, signedData, signerInfo } from '../helpers/cms-builder';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { createTestPki, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

// Cases OpenSSL cannot produce (two signing-time values, a contradicting CMSAlgorithmProtection, counter-signatures
// to any depth, unsorted attribute SETs) are built with our ASN.1 layer (tests/helpers/cms-builder.ts), really signed.
describe.skipIf(missing)('strict CMS/CAdES rules, each a coded error; counter-signatures nested', () => {
  let pki: TestPki;
  let content: Uint8Array;
  let trusted: Omit<VerifyCmsOptions, 'signature'>;
  let certificates: Uint8Array[];
  beforeAll(() => {
    pki = createTestPki();
    content = crypto.randomBytes(10_000);
    const crls = [fs.readFileSync(pki.intermediateCrlPath), fs.readFileSync(pki.rootCrlPath)];
    trusted = { trustAnchors: [pki.root.certDer], revocation: crlRevocationChecker(crls), content };
    certificates = [pki.ecLeaf.certDer, pki.rsaLeaf.certDer, pki.uaLeaf.certDer, pki.intermediate.certDer];
  });
  afterAll(() => pki?.cleanup());

  const ec = () => ({ certDer: pki.ecLeaf.certDer, keyPem: pki.ecLeaf.keyPem });
  const codes = (report: Awaited<ReturnType<typeof verifyCms>>, index = 0) => report.signers[index]!.errors.map((error) => error.code);
  const build = (attributes: Uint8Array[], options: Parameters<typeof signerInfo>[2] = {}) => signedData({ signerInfos: [signerInfo(ec(), attributes, options)], certificates });

  it('the builder’s baseline passes, and OpenSSL verifies it with -cades', async () => {
    const signature = build(baseAttributes(ec(), sha256(content)));
    const report = await verifyCms({ ...trusted, signature });
    expect(codes(report)).toEqual([]);
    expect(report.signers[0]).toMatchObject({ indication: 'TOTAL-PASSED', level: 'B-B', signedAttributesEncoding: 'as-received' });
    const file = pki.file('baseline.p7s', signature);
    pki.openssl(['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', file, '-content', pki.file('baseline.bin', content), '-CAfile', pki.root.certPath, '-out', '/dev/null']);
  });

  it('content can be streamed in pieces (how PAdES feeds its byte ranges); a changed piece fails', async () => {
    const signature = build(baseAttributes(ec(), sha256(content)));
    const pieces = (data: Uint8Array) => async (feed: (chunk: Uint8Array) => void) => {
      for (let offset = 0; offset < data.length; offset += 1000) feed(data.subarray(offset, offset + 1000));
    };
    const { content: _ignored, ...rest } = trusted;
    expect((await verifyCms({ ...rest, signature, contentSource: pieces(content) })).valid).toBe(true);
    const changed = Uint8Array.from(content);
    changed[5000] ^= 1;
    expect((await verifyCms({ ...rest, signature, contentSource: pieces(changed) })).indication).toBe('TOTAL-FAILED');
  });

  it('two signing-time values, two signingTime attributes, two messageDigest values', async () => {
    const [contentType, , messageDigest, signingCertificate] = baseAttributes(ec(), sha256(content));
    const twoValues = attribute(OID_SIGNING_TIME, time(new Date('2026-01-01T00:00:00Z')), time(new Date('2026-02-01T00:00:00Z')));
    let report = await verifyCms({ ...trusted, signature: build([contentType!, twoValues, messageDigest!, signingCertificate!]) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(codes(report)).toContain('ERR_ATTRIBUTE_VALUE_COUNT');
    expect(report.signers[0]!.checks.signature).toBe(true);

    const one = attribute(OID_SIGNING_TIME, time(new Date('2026-01-01T00:00:00Z')));
    const other = attribute(OID_SIGNING_TIME, time(new Date('2026-02-01T00:00:00Z')));
    report = await verifyCms({ ...trusted, signature: build([contentType!, one, other, messageDigest!, signingCertificate!]) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(codes(report)).toContain('ERR_ATTRIBUTE_DUPLICATE');

    const twoDigests = attribute(OID_MESSAGE_DIGEST, octetString(sha256(content)), octetString(sha256(content.subarray(1))));
    report = await verifyCms({ ...trusted, signature: build([contentType!, one, twoDigests, signingCertificate!]) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(codes(report)).toContain('ERR_ATTRIBUTE_VALUE_COUNT');
  });

  it('contentType must equal eContentType; CMSAlgorithmProtection must name the SignerInfo’s algorithms (RFC 6211)', async () => {
    const attributes = baseAttributes(ec(), sha256(content), { contentType: OID_SIGNED_DATA });
    let report = await verifyCms({ ...trusted, signature: build(attributes) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(codes(report)).toContain('ERR_CONTENT_TYPE_MISMATCH');

    const protection = (digest: string, signature: string) => attribute(OID_CMS_ALGORITHM_PROTECTION, sequence(algorithmIdentifier(digest), contextConstructed(1, oid(signature))));
    const sha256Oid = '2.16.840.1.101.3.4.2.1';
    const ecdsaSha256 = '1.2.840.10045.4.3.2';
    report = await verifyCms({ ...trusted, signature: build([...baseAttributes(ec(), sha256(content)), protection(sha256Oid, ecdsaSha256)]) });
    expect(codes(report)).toEqual([]);
    for (const [digest, signature] of [
      ['2.16.840.1.101.3.4.2.2', ecdsaSha256],
      [sha256Oid, '1.2.840.10045.4.3.3'],
    ]) {
      report = await verifyCms({ ...trusted, signature: build([...baseAttributes(ec(), sha256(content)), protection(digest!, signature!)]) });
      expect(report.indication).toBe('TOTAL-FAILED');
      expect(codes(report)).toContain('ERR_ALGORITHM_PROTECTION_MISMATCH');
    }
    // OpenSSL 3 adds CMSAlgorithmProtection itself: what it writes matches.
    const file = pki.file('openssl-protection.p7s', new Uint8Array(0));
    pki.openssl(['cms', '-sign', '-binary', '-cades', '-in', pki.file('protection.bin', content), '-signer', pki.ecLeaf.certPath, '-inkey', pki.ecLeaf.keyPath, '-certfile', pki.intermediate.certPath, '-outform', 'DER', '-out', file]);
    report = await verifyCms({ ...trusted, signature: fs.readFileSync(file) });
    expect(codes(report)).toEqual([]);
  });

  it('signing-certificate: naming another certificate fails; missing is an error only for CAdES; plain CMS passes', async () => {
    const [contentType, signingTime, messageDigest] = baseAttributes(ec(), sha256(content));
    const other = attribute(OID_SIGNING_CERTIFICATE_V2, signerCertificate(pki.rsaLeaf.certDer).signingCertificateV2('SHA-256'));
    let report = await verifyCms({ ...trusted, signature: build([contentType!, signingTime!, messageDigest!, other]) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(codes(report)).toContain('ERR_SIGNING_CERTIFICATE_MISMATCH');

    const commitment = attribute(OID_COMMITMENT_TYPE, sequence(oid('1.2.840.113549.1.9.16.6.1')));
    report = await verifyCms({ ...trusted, signature: build([contentType!, signingTime!, messageDigest!, commitment]) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(codes(report)).toContain('ERR_SIGNING_CERTIFICATE_MISSING');

    report = await verifyCms({ ...trusted, signature: build([contentType!, signingTime!, messageDigest!]) });
    expect(codes(report)).toEqual([]);
    expect(report.signers[0]).toMatchObject({ indication: 'TOTAL-PASSED', level: 'CMS', checks: { signingCertificate: null } });
  });

  it('unsorted SET OF signed attributes: verified as received, or over the DER re-encoding when that is what was signed', async () => {
    const attributes = baseAttributes(ec(), sha256(content)).reverse();
    let report = await verifyCms({ ...trusted, signature: build(attributes, { unsorted: true }) });
    expect(codes(report)).toEqual([]);
    expect(report.signers[0]!.signedAttributesEncoding).toBe('as-received');
    report = await verifyCms({ ...trusted, signature: build(attributes, { unsorted: true, signDerForm: true }) });
    expect(codes(report)).toEqual([]);
    expect(report.signers[0]!.signedAttributesEncoding).toBe('der-reencoded');
    expect(report.signers[0]!.warnings?.map((warning) => warning.code)).toContain('WARN_SIGNED_ATTRIBUTES_REENCODED');
  });

  it('counter-signatures to any depth are reported nested, each checked on its own; the CLI JSON nests them', async () => {
    const rsa = { certDer: pki.rsaLeaf.certDer, keyPem: pki.rsaLeaf.keyPem };
    const ua = { certDer: pki.uaLeaf.certDer, keyPem: pki.uaLeaf.keyPem };
    const counterSigned = (material: typeof ec extends () => infer T ? T : never, target: Uint8Array, unsigned?: Uint8Array[], options: { contentType?: string | null } = { contentType: null }) =>
      signerInfoRsaOrEc(material, baseAttributes(material, sha256(target), options), unsigned);
    const signerInfoRsaOrEc = (material: { certDer: Uint8Array; keyPem: string }, attributes: Uint8Array[], unsigned?: Uint8Array[]) => {
      const isRsa = crypto.createPrivateKey(material.keyPem).asymmetricKeyType === 'rsa';
      return signerInfo(material, attributes, { ...(unsigned ? { unsigned } : {}), ...(isRsa ? { signatureAlgorithm: algorithmIdentifier('1.2.840.113549.1.1.11', Uint8Array.of(5, 0)) } : {}) });
    };
    // Build bottom-up: the main signer's signature value is fixed before anyone counter-signs it.
    const main = signerInfo(ec(), baseAttributes(ec(), sha256(content)));
    const level1 = counterSigned(rsa, signatureValueOf(main));
    // Counter-signatures are unsigned: the SignerInfo with its counter-signer attached keeps its signature value.
    const mainWithCounter = appendUnsigned(main, attribute(OID_COUNTER_SIGNATURE, appendUnsigned(level1, attribute(OID_COUNTER_SIGNATURE, counterSigned(ua, signatureValueOf(level1))))));
    const signature = signedData({ signerInfos: [mainWithCounter], certificates });
    const report = await verifyCms({ ...trusted, signature });
    expect(report.signers).toHaveLength(1);
    const [top] = report.signers;
    expect(top!.subject).toBe('CN=EC Leaf,O=Signdesk Test,C=UA');
    expect(top!.counterSigners).toHaveLength(1);
    expect(top!.counterSigners![0]!.subject).toContain('RSA Leaf');
    expect(top!.counterSigners![0]!.counterSigners![0]!.subject).toContain('EDRPOU');
    for (const signer of [top!, top!.counterSigners![0]!, top!.counterSigners![0]!.counterSigners![0]!]) expect(signer.errors, signer.subject).toEqual([]);
    expect(report.indication).toBe('TOTAL-PASSED');

    // A counter-signer over another signature value fails on its own; the signer it hangs under is still valid.
    const wrong = appendUnsigned(main, attribute(OID_COUNTER_SIGNATURE, counterSigned(rsa, sha256(content))));
    const bad = await verifyCms({ ...trusted, signature: signedData({ signerInfos: [wrong], certificates }) });
    expect(bad.signers[0]!.indication).toBe('TOTAL-PASSED');
    expect(bad.signers[0]!.counterSigners![0]!.indication).toBe('TOTAL-FAILED');
    expect(bad.indication).toBe('TOTAL-FAILED');
    // A contentType attribute in a counter-signature is refused (RFC 5652 §11.4).
    const withType = appendUnsigned(main, attribute(OID_COUNTER_SIGNATURE, counterSigned(rsa, signatureValueOf(main), undefined, {})));
    const typed = await verifyCms({ ...trusted, signature: signedData({ signerInfos: [withType], certificates }) });
    expect(typed.signers[0]!.counterSigners![0]!.errors.map((error) => error.code)).toContain('ERR_CONTENT_TYPE_MISMATCH');

    const signatureFile = pki.file('counter.p7s', signature);
    const document = pki.file('counter.bin', content);
    const cli = await runSigndesk(['verify', signatureFile, '--content', document, '--data-dir', path.join(pki.dir, 'data'), '--trust', pki.root.certPath, '--crl', pki.intermediateCrlPath, '--crl', pki.rootCrlPath, '--json']);
    expect(cli.code).toBe(0);
    const json = cli.json<{ signers: Array<{ counterSigners: Array<{ subject: string; counterSigners: Array<{ subject: string; indication: string }> }> }> }>();
    expect(json.signers[0]!.counterSigners[0]!.counterSigners[0]).toMatchObject({ indication: 'TOTAL-PASSED' });
    const human = await runSigndesk(['verify', signatureFile, '--content', document, '--data-dir', path.join(pki.dir, 'data'), '--trust', pki.root.certPath, '--no-revocation']);
    expect(human.stdout).toMatch(/Counter-signer 1: TOTAL-PASSED[\s\S]*Counter-signer 1: TOTAL-PASSED/);
  });

  it('data after the signature is a warning, not an error', async () => {
    const signature = concat([build(baseAttributes(ec(), sha256(content))), Uint8Array.of(0, 0, 0x0a, 0x0d, 0x0a)]);
    const report = await verifyCms({ ...trusted, signature });
    expect(report.valid).toBe(true);
    expect(report.warnings?.map((warning) => warning.code)).toEqual(['WARN_TRAILING_DATA']);
  });

  it('a long-term file with 600 certificates and 200 CRLs verifies (limits scale with the input)', async () => {
    const extra: Uint8Array[] = [];
    for (let index = 0; index < 600; index++) extra.push(index % 2 ? pki.otherLeaf.certDer : pki.ncInsideLeaf.certDer);
    // Distinct certificates: vary one byte of the signature value (they are only candidates, never trusted).
    const distinct = extra.map((der, index) => {
      const copy = Uint8Array.from(der);
      copy[copy.length - 1] = index & 0xff;
      copy[copy.length - 2] = index >> 8;
      return copy;
    });
    const crl = pemToDer(fs.readFileSync(pki.intermediateCrlPath, 'utf8'));
    const crls = Array.from({ length: 200 }, (_, index) => {
      const copy = Uint8Array.from(crl);
      copy[copy.length - 1] = index;
      return copy;
    });
    const signature = signedData({ signerInfos: [signerInfo(ec(), baseAttributes(ec(), sha256(content)))], certificates: [...certificates, ...distinct], crls: [...crls, crl] });
    const report = await verifyCms({ ...trusted, signature });
    expect(report.signers[0]!.errors).toEqual([]);
    expect(report.valid).toBe(true);
  });
});

/** The SignerInfo with an unsigned attribute appended (its signed part untouched). */
function appendUnsigned(signerInfoDer: Uint8Array, unsignedAttribute: Uint8Array): Uint8Array {
  const header = signerInfoDer[1]! < 0x80 ? 2 : 2 + (signerInfoDer[1]! & 0x7f);
  return sequence(signerInfoDer.subarray(header), contextConstructed(1, unsignedAttribute));
}

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}
