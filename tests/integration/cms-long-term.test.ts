import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pkijs from 'pkijs';
import { extendSignature, parseSignedData, requestTimestamp, signFile, verifySignatureFile } from '../../main/core/cms';
import { archiveV3Input } from '../../main/core/cms/archive-timestamp';
import { OID_ARCHIVE_TIMESTAMP_V2, OID_ARCHIVE_TIMESTAMP_V3, OID_ATS_HASH_INDEX_V3, OID_CERTIFICATE_REFS, OID_CERTIFICATE_VALUES, OID_REVOCATION_REFS, OID_REVOCATION_VALUES, OID_SIGNATURE_TIMESTAMP_TOKEN } from '../../main/core/cms/oids';
import { encodeSignedData } from '../../main/core/cms/signed-data';
import { concat, contextConstructed, sequence, tlv } from '../../main/core/crypto/der';
import { attribute } from '../helpers/cms-builder';
import type { SoftwareSigningKey } from '../../main/core/keys/software-signing-key';
import { softwareKey } from '../helpers/software-key';
import { OpensslCa } from '../helpers/openssl-ca';
import { startOpensslServices, type OpensslServices } from '../helpers/openssl-services';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { createVerifyHandlers } from '../../main/core/verify';
import { RevocationService } from '../../main/core/pki/revocation';

const missing = missingTools(['openssl']);

describe.skipIf(missing)('long-term signatures: signdesk extend T/LT/LTA, verified offline from their own data', () => {
  let dir: string;
  let ca: OpensslCa;
  let services: OpensslServices;
  let document: string;
  let key: SoftwareSigningKey;
  let signerCert: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-lt-'));
    ca = new OpensslCa(path.join(dir, 'ca'), 'Signdesk LT Test CA');
    // The services come up before the certificates so their AIA / CRL distribution points can name them.
    const tsaKey = ca.newKey('tsa');
    services = await startOpensslServices(ca, { certPath: path.join(ca.dir, 'tsa.pem'), keyPath: tsaKey });
    ca.issue('tsa', tsaKey, { ocspUrl: services.ocspUrl, extensions: ['extendedKeyUsage = critical,timeStamping'], subject: '/CN=Signdesk Test TSA/O=Signdesk Tests' });
    const signerKey = ca.newKey('signer');
    signerCert = ca.issue('signer', signerKey, { ocspUrl: services.ocspUrl, crlUrl: services.crlUrl });
    key = softwareKey('file:signer', fs.readFileSync(signerKey), pemToDer(fs.readFileSync(signerCert, 'utf8')), []);
    document = path.join(dir, 'act.pdf');
    fs.writeFileSync(document, crypto.randomBytes(40_000));
    dataDir = path.join(dir, 'data');
  });
  afterAll(async () => {
    await services?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const trust = () => ['--trust', ca.cert];
  const offline = (signaturePath: string, extra: Partial<Parameters<typeof verifySignatureFile>[0]> = {}) =>
    verifySignatureFile({ signaturePath, contentPath: document, trustAnchors: [pemToDer(fs.readFileSync(ca.cert, 'utf8'))], ...extra });

  it('B-B → B-T → B-LT → B-LTA; every step verifies, the last one offline from the signature’s own data', async () => {
    const { outPath } = await signFile({ path: document, key, outPath: path.join(dir, 'act.pdf.p7s') });
    expect((await offline(outPath, { revocation: 'skip' })).signers[0].level).toBe('B-B');

    const t = await runSigndesk(['extend', outPath, '--level', 'T', '--tsa', services.tsaUrl, '--data-dir', dataDir, ...trust(), '--json']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.json()).toMatchObject({ level: 'T', files: [{ file: outPath, signers: [{ before: 'B-B', after: 'B-T' }] }] });
    const afterT = await offline(outPath, { revocation: 'skip' });
    expect(afterT.signers[0]).toMatchObject({ level: 'B-T', legacyLevel: 'T', indication: 'TOTAL-PASSED' });
    expect(afterT.signers[0].timestamps).toMatchObject([{ kind: 'signature', valid: true }]);

    const lt = await runSigndesk(['extend', outPath, '--level', 'LT', '--data-dir', dataDir, ...trust(), '--json']);
    expect(lt.code, lt.stderr).toBe(0);
    expect(services.counts.ocsp).toBeGreaterThan(0);
    const parsedLt = parseSignedData(fs.readFileSync(outPath));
    expect(parsedLt.version).toBe(5);
    expect(parsedLt.crls.some((choice) => choice[0] === 0xa1)).toBe(true);

    const lta = await runSigndesk(['extend', outPath, '--level', 'LTA', '--tsa', services.tsaUrl, '--content', document, '--data-dir', dataDir, ...trust(), '--json']);
    expect(lta.code, lta.stderr).toBe(0);
    expect(lta.json()).toMatchObject({ files: [{ signers: [{ before: 'B-LT', after: 'B-LTA' }] }] });

    // No network: the services are still up, but nothing may be asked of them.
    const before = { ...services.counts };
    const report = await offline(outPath);
    expect(services.counts).toEqual(before);
    expect(report.signers[0].errors).toEqual([]);
    expect(report).toMatchObject({ valid: true, indication: 'TOTAL-PASSED' });
    expect(report.signers[0]).toMatchObject({ level: 'B-LTA', legacyLevel: 'A', validationData: 'signature', checks: { revocation: 'good', chain: true } });
    expect(report.signers[0].details.validationData).toBe('from the signature’s own validation data');
    expect(report.signers[0].timestamps?.map((stamp) => [stamp.kind, stamp.valid])).toEqual([
      ['signature', true],
      ['archive-v3', true],
    ]);

    // OpenSSL still verifies the signature, and each time-stamp over the bytes it covers.
    execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', outPath, '-content', document, '-CAfile', ca.cert, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' });
    const parsed = parseSignedData(fs.readFileSync(outPath));
    const signer = parsed.signerInfos[0];
    const tokenOf = (type: string) => signer.unsignedAttributes.find((attribute) => attribute.type === type)!.values[0];
    const verifyToken = (token: Uint8Array, data: Uint8Array, name: string): void => {
      fs.writeFileSync(path.join(dir, `${name}.tst`), token);
      fs.writeFileSync(path.join(dir, `${name}.data`), data);
      const out = execFileSync('openssl', ['ts', '-verify', '-token_in', '-in', path.join(dir, `${name}.tst`), '-data', path.join(dir, `${name}.data`), '-CAfile', ca.cert, '-untrusted', path.join(ca.dir, 'tsa.pem')], { stdio: 'pipe' }).toString();
      expect(out).toContain('Verification: OK');
    };
    verifyToken(tokenOf(OID_SIGNATURE_TIMESTAMP_TOKEN), signer.signature, 'signature');
    const archive = tokenOf(OID_ARCHIVE_TIMESTAMP_V3);
    const index = parseSignedData(archive).signerInfos[0].unsignedAttributes.find((attribute) => attribute.type === OID_ATS_HASH_INDEX_V3)!.values[0];
    // The hash index covers what the signature held when the archive time-stamp was taken: without the time-stamp itself.
    const held = { ...parsed, signerInfos: [{ ...signer, unsignedAttributes: signer.unsignedAttributes.filter((attribute) => attribute.type !== OID_ARCHIVE_TIMESTAMP_V3) }] };
    verifyToken(archive, archiveV3Input(held, held.signerInfos[0], crypto.createHash('sha256').update(fs.readFileSync(document)).digest(), index), 'archive');
  });

  it('an archive time-stamp catches validation data removed afterwards; a later revocation does not void the signature', async () => {
    const outPath = path.join(dir, 'second.p7s');
    await signFile({ path: document, key, outPath });
    const extended = await runSigndesk(['extend', outPath, '--level', 'LTA', '--tsa', services.tsaUrl, '--content', document, '--data-dir', dataDir, ...trust()]);
    expect(extended.code, extended.stderr).toBe(0);
    const parsed = parseSignedData(fs.readFileSync(outPath));
    const stripped = path.join(dir, 'stripped.p7s');
    const { head, tail } = encodeSignedData({
      version: parsed.version,
      digestAlgorithms: parsed.digestAlgorithms,
      encapContentInfo: parsed.encapContentInfo,
      certificates: parsed.certificates.slice(1),
      crls: parsed.crls,
      signerInfos: parsed.signerInfos.map((signer) => signer.raw),
    });
    fs.writeFileSync(stripped, concat([head, tail]));
    const broken = await offline(stripped);
    expect(broken.indication).not.toBe('TOTAL-PASSED');
    expect(broken.signers[0].errors.map((error) => error.code)).toContain('ERR_TIMESTAMP_INVALID');

    // Revoked now, after the time-stamp: the OCSP answer kept in the file says it was good then.
    ca.revoke(signerCert);
    const report = await offline(outPath);
    expect(report.signers[0].errors).toEqual([]);
    expect(report.indication).toBe('TOTAL-PASSED');
    // Extending a signature whose certificate is now revoked to LT is refused (its data would prove nothing good).
    const late = path.join(dir, 'late.p7s');
    await signFile({ path: document, key, outPath: late });
    const refused = await runSigndesk(['extend', late, '--level', 'LT', '--tsa', services.tsaUrl, '--data-dir', dataDir, ...trust()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ERR_CERT_REVOKED');
  });
});

describe.skipIf(missing)('CAdES-A: an archive-time-stamp (v2, ETSI TS 101 733 Annex K)', () => {
  it('is checked over encapContentInfo, the document, certificates, crls and the SignerInfo with its earlier unsigned attributes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-atsv2-'));
    const ca = new OpensslCa(path.join(dir, 'ca'), 'Signdesk ATSv2 CA');
    const tsaKey = ca.newKey('tsa');
    const services = await startOpensslServices(ca, { certPath: path.join(ca.dir, 'tsa.pem'), keyPath: tsaKey });
    try {
      ca.issue('tsa', tsaKey, { extensions: ['extendedKeyUsage = critical,timeStamping'] });
      const signerKey = ca.newKey('signer');
      const signerCert = ca.issue('signer', signerKey);
      const key = softwareKey('file:signer', fs.readFileSync(signerKey), pemToDer(fs.readFileSync(signerCert, 'utf8')), []);
      const document = path.join(dir, 'act.pdf');
      fs.writeFileSync(document, crypto.randomBytes(5000));
      const { outPath } = await signFile({ path: document, key, outPath: `${document}.p7s`, timestampUrl: services.tsaUrl });
      const parsed = parseSignedData(fs.readFileSync(outPath));
      const signer = parsed.signerInfos[0]!;
      // The imprint input written out here from the standard, independently of main/core/cms/archive-timestamp.ts.
      const unsigned = concat(signer.unsignedAttributes.map((item) => item.raw));
      const input = concat([
        parsed.encapContentInfo,
        fs.readFileSync(document),
        parsed.certificatesField ?? new Uint8Array(0),
        parsed.crlsField ?? new Uint8Array(0),
        signer.fields.version,
        signer.fields.sid,
        signer.fields.digestAlgorithm,
        signer.fields.signedAttributes!,
        signer.fields.signatureAlgorithm,
        signer.fields.signature,
        tlv(0xa1, unsigned),
      ]);
      const token = await requestTimestamp(services.tsaUrl, input, { hash: 'SHA-256' });
      const archived = sequence(signedPart(signer), tlv(0xa1, unsigned, attribute(OID_ARCHIVE_TIMESTAMP_V2, token)));
      const write = (certificates: Uint8Array[]): string => {
        const { head, tail } = encodeSignedData({ version: parsed.version, digestAlgorithms: parsed.digestAlgorithms, encapContentInfo: parsed.encapContentInfo, certificates, crls: parsed.crls, signerInfos: [archived] });
        const file = path.join(dir, `a-${certificates.length}.p7s`);
        fs.writeFileSync(file, concat([head, tail]));
        return file;
      };
      const anchor = pemToDer(fs.readFileSync(ca.cert, 'utf8'));
      const report = await verifySignatureFile({ signaturePath: write(parsed.certificates), contentPath: document, trustAnchors: [anchor], revocation: 'skip' });
      expect(report.signers[0]!.errors).toEqual([]);
      expect(report.signers[0]!.timestamps?.map((stamp) => [stamp.kind, stamp.valid])).toEqual([
        ['signature', true],
        ['archive-v2', true],
      ]);
      expect(report.signers[0]!.legacyLevel).toBe('A');
      // Another certificate set than the one time-stamped: the archive time-stamp no longer covers the file.
      const changed = await verifySignatureFile({ signaturePath: write([...parsed.certificates, anchor]), contentPath: document, trustAnchors: [anchor], revocation: 'skip' });
      expect(changed.signers[0]!.timestamps?.find((stamp) => stamp.kind === 'archive-v2')?.valid).toBe(false);
    } finally {
      await services.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(missing)('CAdES-X-L: certificate-values and revocation-values attributes (TS 101 733), verified offline', () => {
  it('a file whose chain and OCSP answers travel in unsigned attributes verifies TOTAL-PASSED without any network', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-xl-'));
    const ca = new OpensslCa(path.join(dir, 'ca'), 'Signdesk XL CA');
    const tsaKey = ca.newKey('tsa');
    const services = await startOpensslServices(ca, { certPath: path.join(ca.dir, 'tsa.pem'), keyPath: tsaKey });
    try {
      ca.issue('tsa', tsaKey, { ocspUrl: services.ocspUrl, extensions: ['extendedKeyUsage = critical,timeStamping'] });
      const signerKey = ca.newKey('signer');
      const signerCert = ca.issue('signer', signerKey, { ocspUrl: services.ocspUrl });
      const key = softwareKey('file:signer', fs.readFileSync(signerKey), pemToDer(fs.readFileSync(signerCert, 'utf8')), []);
      const document = path.join(dir, 'act.pdf');
      fs.writeFileSync(document, crypto.randomBytes(3000));
      const { outPath } = await signFile({ path: document, key, outPath: `${document}.p7s` });
      const anchor = pemToDer(fs.readFileSync(ca.cert, 'utf8'));
      const revocation = new RevocationService({ cacheDir: path.join(dir, 'cache') });
      // B-LT from our extender, then its validation data moved from SignedData into CAdES-X-L attributes (built with our
      // ASN.1 layer: no tool here writes certificate-values / revocation-values).
      const lt = parseSignedData(await extendSignature(fs.readFileSync(outPath), { level: 'LT', tsaUrl: services.tsaUrl, trustAnchors: [anchor], revocation: revocation.checkRevocation }));
      const ocspResponses = lt.crls.filter((choice) => choice[0] === 0xa1).map((choice) => basicResponseOf(choice));
      expect(ocspResponses.length).toBeGreaterThan(0);
      const signer = lt.signerInfos[0]!;
      const certificateValues = attribute(OID_CERTIFICATE_VALUES, sequence(...lt.certificates));
      const revocationValues = attribute(OID_REVOCATION_VALUES, sequence(contextConstructed(1, sequence(...ocspResponses))));
      const refs = [attribute(OID_CERTIFICATE_REFS, sequence()), attribute(OID_REVOCATION_REFS, sequence())];
      // The unsigned attributes are the SignerInfo's last field: written anew with the values added.
      const xl = sequence(signedPart(signer), contextConstructed(1, ...signer.unsignedAttributes.map((item) => item.raw), ...refs, certificateValues, revocationValues));
      const { head, tail } = encodeSignedData({ version: 1, digestAlgorithms: lt.digestAlgorithms, encapContentInfo: lt.encapContentInfo, certificates: [key.certificate!], crls: [], signerInfos: [xl] });
      const xlPath = path.join(dir, 'xl.p7s');
      fs.writeFileSync(xlPath, concat([head, tail]));
      await services.close();
      const report = await verifySignatureFile({ signaturePath: xlPath, contentPath: document, trustAnchors: [anchor] });
      expect(report.signers[0]!.errors).toEqual([]);
      expect(report.signers[0]).toMatchObject({ indication: 'TOTAL-PASSED', level: 'B-LT', legacyLevel: 'X-L', validationData: 'signature' });
    } finally {
      await services.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A SignerInfo's fields before its unsigned attributes, as received. */
function signedPart(signer: ReturnType<typeof parseSignedData>['signerInfos'][number]): Uint8Array {
  const { version, sid, digestAlgorithm, signedAttributes, signatureAlgorithm, signature } = signer.fields;
  return concat([version, sid, digestAlgorithm, ...(signedAttributes ? [signedAttributes] : []), signatureAlgorithm, signature]);
}

/** The BasicOCSPResponse inside an RFC 5940 otherRevInfo (revocation-values carry basic responses). */
function basicResponseOf(choice: Uint8Array): Uint8Array {
  const response = pkijs.OCSPResponse.fromBER(parseSignedDataOther(choice));
  return new Uint8Array(response.responseBytes!.response.valueBlock.valueHexView);
}

function parseSignedDataOther(choice: Uint8Array): Uint8Array {
  // [1] { OID id-ri-ocsp-response, OCSPResponse }: the response is the element after the OID.
  const header = choice[1]! < 0x80 ? 2 : 2 + (choice[1]! & 0x7f);
  const oidLength = 2 + choice[header + 1]!;
  return choice.subarray(header + oidLength);
}

describe.skipIf(missing)('History’s “Extend to long-term”: the verify:extend handler', () => {
  it('extends a detached signature to B-LTA with the settings’ TSA; verify:bulk then finds it TOTAL-PASSED offline', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-extend-handler-'));
    const ca = new OpensslCa(path.join(dir, 'ca'), 'Signdesk Extend CA');
    const tsaKey = ca.newKey('tsa');
    const services = await startOpensslServices(ca, { certPath: path.join(ca.dir, 'tsa.pem'), keyPath: tsaKey });
    try {
      ca.issue('tsa', tsaKey, { ocspUrl: services.ocspUrl, extensions: ['extendedKeyUsage = critical,timeStamping'] });
      const signerKey = ca.newKey('signer');
      const signerCert = ca.issue('signer', signerKey, { ocspUrl: services.ocspUrl });
      const key = softwareKey('file:signer', fs.readFileSync(signerKey), pemToDer(fs.readFileSync(signerCert, 'utf8')), []);
      const document = path.join(dir, 'invoice.xml');
      fs.writeFileSync(document, '<invoice/>'.repeat(500));
      const { outPath } = await signFile({ path: document, key, outPath: `${document}.p7s` });
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(path.join(dataDir, 'trust'), { recursive: true });
      fs.copyFileSync(ca.cert, path.join(dataDir, 'trust', 'ca.pem'));
      const revocation = new RevocationService({ cacheDir: path.join(dataDir, 'cache', 'revocation') });
      const extended: string[] = [];
      const handlers = createVerifyHandlers({ dataDir, checkRevocation: revocation.checkRevocation, tsaUrl: async () => services.tsaUrl, onExtended: (file) => void extended.push(file) });
      const result = await handlers['verify:extend']({ signaturePath: outPath, contentPath: document });
      expect(result).toEqual({ signers: [{ before: 'B-B', after: 'B-LTA' }] });
      expect(extended).toEqual([outPath]);
      await services.close();
      const bulk = await handlers['verify:bulk']({ paths: [dir] });
      expect(bulk.summary).toMatchObject({ total: 1, passed: 1 });
      expect(bulk.files[0]!.report?.signers[0]).toMatchObject({ level: 'B-LTA', validationData: 'signature' });
      const noTsa = createVerifyHandlers({ dataDir, checkRevocation: revocation.checkRevocation, tsaUrl: async () => null });
      let code = '';
      await Promise.resolve()
        .then(() => noTsa['verify:extend']({ signaturePath: outPath }))
        .catch((error: { code: string }) => (code = error.code));
      expect(code).toBe('ERR_TSA');
    } finally {
      await services.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}
