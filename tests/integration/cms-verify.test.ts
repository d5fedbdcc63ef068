import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignature, parseSignedData, signFile, verifyCms, verifyReportJson, type VerifyCmsOptions } from '../../main/core/cms';
import { digestAlgorithmIdentifier } from '../../main/core/cms/oids';
import { concat, retag, tlv } from '../../main/core/crypto/der';
import { contentOf } from '../../main/core/cms/parse-signed-data';
import { encodeSignedData } from '../../main/core/cms/signed-data';
import { signerCertificate } from '../../main/core/cms/signer-certificate';
import { buildSignerInfo } from '../../main/core/cms/signer-info';
import { keyFor } from '../helpers/software-key';
import { crlRevocationChecker } from '../../main/core/pki';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk as runCliCapture } from '../helpers/run-cli';
import { createTestPki, type TestIdentity, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(isSigndeskError(error) ? error.code : String(error)).toBe(code);
}

describe.skipIf(missing)('CAdES verification', () => {
  let pki: TestPki;
  let document: string;
  let documentBytes: Uint8Array;
  let trusted: Omit<VerifyCmsOptions, 'signature'>;
  let dataDir: string;
  beforeAll(() => {
    pki = createTestPki();
    documentBytes = crypto.randomBytes(200_000);
    document = pki.file('contract.pdf', documentBytes);
    const crls = [fs.readFileSync(pki.intermediateCrlPath), fs.readFileSync(pki.rootCrlPath)];
    trusted = { trustAnchors: [pki.root.certDer], revocation: crlRevocationChecker(crls), contentPath: document };
    dataDir = fs.mkdtempSync(path.join(pki.dir, 'data-'));
  });
  afterAll(() => pki?.cleanup());

  const passedChecks = { signature: true, messageDigest: true, signingCertificate: true, chain: true, revocation: 'good' };

  it('our detached and attached signatures pass every check', async () => {
    for (const leaf of [pki.ecLeaf, pki.rsaLeaf, pki.uaLeaf]) {
      const key = keyFor(leaf, [pki.intermediate]);
      const detached = await signFile({ path: document, key, outPath: path.join(pki.dir, `${leaf.name}.p7s`) });
      const report = await verifyCms({ ...trusted, signature: fs.readFileSync(detached.outPath) });
      expect(report.signers[0].errors).toEqual([]);
      expect(report).toMatchObject({ valid: true, indication: 'TOTAL-PASSED', attached: false });
      expect(report.signers[0].checks).toEqual(passedChecks);
      const attached = await signFile({ path: document, key, attached: true, hash: 'SHA-512', outPath: path.join(pki.dir, `${leaf.name}-attached.p7s`) });
      const attachedReport = await verifyCms({ ...trusted, contentPath: undefined, signature: fs.readFileSync(attached.outPath) });
      expect(attachedReport).toMatchObject({ valid: true, attached: true });
    }
    const ua = await verifyCms({ ...trusted, signature: fs.readFileSync(path.join(pki.dir, `${pki.uaLeaf.name}.p7s`)) });
    expect(ua.signers[0].identifiers).toEqual({ EDRPOU: '41234567', RNOKPP: '1234567890' });
  });

  describe('OpenSSL-made signatures verify with ours', () => {
    const variants = [
      { label: 'EC', leaf: 'ecLeaf', extra: [] },
      { label: 'RSA', leaf: 'rsaLeaf', extra: [] },
      { label: 'RSA-PSS', leaf: 'rsaLeaf', extra: ['-keyopt', 'rsa_padding_mode:pss'] },
      { label: 'EC with subjectKeyIdentifier sid', leaf: 'ecLeaf', extra: ['-keyid', '-md', 'sha384'] },
    ] as const;
    for (const variant of variants) {
      for (const attached of [false, true]) {
        for (const attributes of ['cades', 'plain', 'noattr'] as const) {
          it(`${variant.label}, ${attached ? 'attached' : 'detached'}, ${attributes}`, async () => {
            const leaf = pki[variant.leaf];
            const out = path.join(pki.dir, `openssl-${variant.label}-${attached}-${attributes}.p7s`);
            const args = ['cms', '-sign', '-binary', '-md', 'sha256', '-in', document, '-signer', leaf.certPath, '-inkey', leaf.keyPath, '-certfile', pki.intermediate.certPath, '-outform', 'DER', '-out', out, ...variant.extra];
            if (attached) args.push('-nodetach');
            if (attributes === 'cades') args.push('-cades');
            if (attributes === 'noattr') args.push('-noattr');
            pki.openssl(args);
            if (variant.label.includes('subjectKeyIdentifier')) expect(parseSignedData(fs.readFileSync(out)).signerInfos[0].sid.kind).toBe('subjectKeyIdentifier');
            const report = await verifyCms({ ...trusted, contentPath: attached ? undefined : document, signature: fs.readFileSync(out) });
            expect(report.signers[0].errors).toEqual([]);
            expect(report.valid).toBe(true);
            expect(report.attached).toBe(attached);
            const checks = report.signers[0].checks;
            expect(checks.signature).toBe(true);
            expect(checks.messageDigest).toBe(attributes === 'noattr' ? null : true);
            expect(checks.signingCertificate).toBe(attributes === 'cades' ? true : null);
            // One flipped content byte is caught, with or without signed attributes.
            const tampered = Uint8Array.from(documentBytes);
            tampered[1234] ^= 1;
            const signature = fs.readFileSync(out);
            if (attached) {
              const at = Buffer.from(signature).indexOf(Buffer.from(documentBytes.subarray(1000, 1100)));
              const flipped = Uint8Array.from(signature);
              flipped[at + 234] ^= 1;
              const bad = await verifyCms({ ...trusted, contentPath: undefined, signature: flipped });
              expect(bad.indication).toBe('TOTAL-FAILED');
            } else {
              const bad = await verifyCms({ ...trusted, contentPath: undefined, content: tampered, signature });
              expect(bad.indication).toBe('TOTAL-FAILED');
              expect(attributes === 'noattr' ? bad.signers[0].checks.signature : bad.signers[0].checks.messageDigest).toBe(false);
            }
          });
        }
      }
    }
  });

  it('one flipped byte in the signature value or in the signed attributes is caught', async () => {
    const key = keyFor(pki.ecLeaf, [pki.intermediate]);
    const signature = await createSignature({ digest: crypto.createHash('sha256').update(documentBytes).digest(), key, signingTime: new Date('2026-03-04T05:06:07Z') });
    const parsed = parseSignedData(signature);
    const signer = parsed.signerInfos[0];
    const valueAt = Buffer.from(signature).lastIndexOf(Buffer.from(signer.signature));
    const badValue = Uint8Array.from(signature);
    badValue[valueAt + 10] ^= 0x01;
    const valueReport = await verifyCms({ ...trusted, signature: badValue });
    expect(valueReport.indication).toBe('TOTAL-FAILED');
    expect(valueReport.signers[0].checks.signature).toBe(false);
    // signingTime "260304050607Z" → "260304050608Z"
    const timeAt = Buffer.from(signature).indexOf(Buffer.from('260304050607Z'));
    const badAttribute = Uint8Array.from(signature);
    badAttribute[timeAt + 11] = 0x38;
    const attributeReport = await verifyCms({ ...trusted, signature: badAttribute });
    expect(attributeReport.signers[0].checks).toMatchObject({ signature: false, messageDigest: true });
    expect(attributeReport.signers[0].errors.map((error) => error.code)).toContain('ERR_SIGNATURE_INVALID');
  });

  it('a signingCertificateV2 naming another certificate is caught even with a valid signature', async () => {
    const key = keyFor(pki.ecLeaf);
    const real = signerCertificate(pki.ecLeaf.certDer);
    const other = signerCertificate(pki.revokedLeaf.certDer);
    const forged = { ...real, signingCertificateV2: other.signingCertificateV2 };
    const digest = new Uint8Array(crypto.createHash('sha256').update(documentBytes).digest());
    const signerInfo = await buildSignerInfo({ digest, algorithm: { scheme: 'ecdsa', hash: 'SHA-256' }, key, signer: forged, signingTime: new Date() });
    const { head } = encodeSignedData({ version: 1, digestAlgorithms: [digestAlgorithmIdentifier('SHA-256')], certificates: [pki.ecLeaf.certDer, pki.intermediate.certDer], signerInfos: [signerInfo] });
    const report = await verifyCms({ ...trusted, signature: head });
    expect(report.signers[0].checks).toMatchObject({ signature: true, messageDigest: true, signingCertificate: false });
    expect(report.indication).toBe('TOTAL-FAILED');
    const out = pki.file('forged.p7s', head);
    expect(() => pki.openssl(['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', out, '-content', document, '-CAfile', pki.root.certPath, '-out', '/dev/null'])).toThrow();
  });

  it('revoked, unknown revocation, untrusted and non-signing keys give the right indications', async () => {
    const sign = async (leaf: TestIdentity): Promise<Uint8Array> => createSignature({ digest: crypto.createHash('sha256').update(documentBytes).digest(), key: keyFor(leaf, [pki.intermediate]) });
    const revoked = await verifyCms({ ...trusted, signature: await sign(pki.revokedLeaf) });
    expect(revoked).toMatchObject({ valid: false, indication: 'TOTAL-FAILED' });
    expect(revoked.signers[0].checks).toMatchObject({ signature: true, chain: true, revocation: 'revoked' });
    const good = await sign(pki.ecLeaf);
    const unknown = await verifyCms({ ...trusted, revocation: undefined, signature: good });
    expect(unknown).toMatchObject({ valid: false, indication: 'INDETERMINATE' });
    expect(unknown.signers[0].checks.revocation).toBe('unknown');
    const skipped = await verifyCms({ ...trusted, revocation: 'skip', signature: good });
    expect(skipped.signers[0].checks.revocation).toBe('skipped');
    expect(skipped.valid).toBe(true);
    const untrusted = await verifyCms({ ...trusted, trustAnchors: [pki.otherRoot.certDer], signature: good });
    expect(untrusted.indication).toBe('INDETERMINATE');
    expect(untrusted.signers[0].errors.map((error) => error.code)).toContain('ERR_CERT_UNTRUSTED');
    const noSign = await verifyCms({ ...trusted, signature: await sign(pki.noSignLeaf) });
    expect(noSign.indication).toBe('INDETERMINATE');
    expect(noSign.signers[0].errors.map((error) => error.code)).toContain('ERR_CERT_KEY_USAGE');
    // A signature made while the intermediate was valid, checked at that time.
    const old = await createSignature({ digest: crypto.createHash('sha256').update(documentBytes).digest(), key: keyFor(pki.leafUnderExpired, [pki.expiredIntermediate]), signingTime: new Date('2020-08-01T00:00:00Z') });
    expect((await verifyCms({ ...trusted, revocation: 'skip', signature: old })).valid).toBe(true);
    expect((await verifyCms({ ...trusted, revocation: 'skip', at: new Date(), signature: old })).signers[0].errors.map((error) => error.code)).toEqual(['ERR_CERT_EXPIRED']);
  });

  it('malformed input gives ERR_SIGNATURE_MALFORMED, missing content ERR_CONTENT_MISSING', async () => {
    const key = keyFor(pki.ecLeaf, [pki.intermediate]);
    const signature = await createSignature({ digest: crypto.createHash('sha256').update(documentBytes).digest(), key });
    await rejectsWith(verifyCms({ ...trusted, contentPath: undefined, signature }), 'ERR_CONTENT_MISSING');
    await rejectsWith(verifyCms({ ...trusted, signature: signature.subarray(0, signature.length - 7) }), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(verifyCms({ ...trusted, signature: Uint8Array.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x06, 0x00]) }), 'ERR_SIGNATURE_MALFORMED');
    const deep = new Uint8Array(20_000);
    for (let i = 0; i < 10_000; i++) deep.set([0x30, 0x80], i * 2);
    await rejectsWith(verifyCms({ ...trusted, signature: deep }), 'ERR_SIGNATURE_MALFORMED');
    await rejectsWith(verifyCms({ ...trusted, signature: pki.ecLeaf.certDer }), 'ERR_SIGNATURE_MALFORMED');
    // A ContentInfo of another type (enveloped-data).
    const enveloped = pki.openssl(['cms', '-encrypt', '-binary', '-in', document, '-outform', 'DER', pki.rsaLeaf.certPath]);
    await rejectsWith(verifyCms({ ...trusted, signature: new Uint8Array(enveloped) }), 'ERR_SIGNATURE_MALFORMED');
    // Signed attributes in BER (non-minimal length): read, and verified over their DER re-encoding (issue 15).
    const parsed = parseSignedData(signature);
    const signer = parsed.signerInfos[0];
    const content = contentOf(signer.raw);
    const attributes = retag(signer.signedAttributesDer as Uint8Array, 0xa0);
    const at = Buffer.from(content).indexOf(Buffer.from(attributes));
    const attributeContent = contentOf(attributes);
    const ber = concat([Uint8Array.of(0xa0, 0x82, attributeContent.length >> 8, attributeContent.length & 0xff), attributeContent]);
    const berSigner = tlv(0x30, concat([content.subarray(0, at), ber, content.subarray(at + attributes.length)]));
    const { head } = encodeSignedData({ version: 1, digestAlgorithms: parsed.digestAlgorithms, encapContentInfo: parsed.encapContentInfo, certificates: parsed.certificates, signerInfos: [berSigner] });
    const berReport = await verifyCms({ ...trusted, signature: head });
    expect(berReport.signers[0].errors).toEqual([]);
    expect(berReport.signers[0].signedAttributesEncoding).toBe('der-reencoded');
    expect(berReport.signers[0].warnings?.map((warning) => warning.code)).toContain('WARN_SIGNED_ATTRIBUTES_REENCODED');
  });

  const withDigestOidByte = async (lastByte: number): Promise<Uint8Array> => {
    const signature = await createSignature({ digest: crypto.createHash('sha256').update(documentBytes).digest(), key: keyFor(pki.ecLeaf, [pki.intermediate]) });
    const parsed = parseSignedData(signature);
    const raw = Buffer.from(parsed.signerInfos[0].raw);
    const sha256 = Buffer.from('0609608648016503040201', 'hex');
    const at = raw.indexOf(sha256);
    raw[at + sha256.length - 1] = lastByte;
    return encodeSignedData({ version: 1, digestAlgorithms: parsed.digestAlgorithms, encapContentInfo: parsed.encapContentInfo, certificates: parsed.certificates, signerInfos: [new Uint8Array(raw)] }).head;
  };

  it('an unsupported digest algorithm gives INDETERMINATE with ERR_KEY_ALGORITHM_UNSUPPORTED', async () => {
    const report = await verifyCms({ ...trusted, signature: await withDigestOidByte(0x7f) });
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.signers[0].checks).toMatchObject({ signature: null, messageDigest: null });
    expect(report.signers[0].errors.map((error) => error.code)).toContain('ERR_KEY_ALGORITHM_UNSUPPORTED');
  });

  it('a digestAlgorithm that contradicts ecdsa-with-SHA256 fails with ERR_ALGORITHM_MISMATCH (RFC 5753 §2.1.1)', async () => {
    // 2.16.840.1.101.3.4.2.9 is SHA3-384: known, but not the hash the signature algorithm names.
    const report = await verifyCms({ ...trusted, signature: await withDigestOidByte(0x09) });
    expect(report.indication).toBe('TOTAL-FAILED');
    expect(report.signers[0].checks.signature).toBe(false);
    expect(report.signers[0].errors.map((error) => error.code)).toContain('ERR_ALGORITHM_MISMATCH');
  });

  it('signdesk verify: JSON shape, exit codes', async () => {
    const key = keyFor(pki.ecLeaf, [pki.intermediate]);
    const { outPath } = await signFile({ path: document, key, outPath: path.join(pki.dir, 'cli.p7s') });
    const common = ['--data-dir', dataDir, '--trust', pki.root.certPath, '--crl', pki.intermediateCrlPath, '--crl', pki.rootCrlPath];
    const ok = await runCliCapture(['verify', outPath, '--content', document, ...common, '--json']);
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout);
    // CLI.md's keys first and unchanged; issue 15 adds warnings, levels, time-stamps and nested counter-signers after them.
    expect(Object.keys(json).slice(0, 3)).toEqual(['valid', 'indication', 'signers']);
    expect(Object.keys(json.signers[0]).slice(0, 8)).toEqual(['subject', 'issuer', 'serial', 'signingTime', 'valid', 'indication', 'checks', 'errors']);
    expect(json.signers[0]).toMatchObject({ level: 'B-B', legacyLevel: 'BES', counterSigners: [] });
    expect(json).toMatchObject({ valid: true, indication: 'TOTAL-PASSED', signers: [{ subject: 'CN=EC Leaf,O=Signdesk Test,C=UA', checks: passedChecks, errors: [] }] });
    expect(json.signers[0].signingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const human = await runCliCapture(['verify', outPath, '--content', document, ...common]);
    expect(human.stdout).toContain('Valid: TOTAL-PASSED');
    const tampered = pki.file('tampered.pdf', Buffer.concat([Buffer.from(documentBytes), Buffer.from('x')]));
    const bad = await runCliCapture(['verify', outPath, '--content', tampered, ...common, '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, indication: 'TOTAL-FAILED', signers: [{ checks: { messageDigest: false }, errors: ['ERR_SIGNATURE_INVALID'] }] });
    const noContent = await runCliCapture(['verify', outPath, ...common]);
    expect(noContent.code).toBe(2);
    expect(noContent.stderr).toMatch(/^signdesk: ERR_CONTENT_MISSING: /);
    const garbage = await runCliCapture(['verify', pki.file('garbage.p7s', crypto.randomBytes(100)), '--content', document, ...common, '--json']);
    expect(garbage.code).toBe(2);
    expect(JSON.parse(garbage.stdout).error.code).toBe('ERR_SIGNATURE_MALFORMED');
    expect(verifyReportJson).toBeTypeOf('function');
  });
});
