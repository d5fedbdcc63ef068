import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlRevocationChecker, validatePath } from '../../main/core/pki';
import { subjectDerOf } from '../../main/core/pki/certificate-pool';
import { buildCrl, issuingDistributionPoint, serialOf } from '../helpers/crl-builder';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

const missing = missingTools(['openssl']);

interface Cert {
  name: string;
  pem: string;
  key: string;
  der: Uint8Array;
  keyPem: string;
}

/**
 * RFC 5280 path validation beyond the basics: self-issued certificates (CA key rollover, pathLenConstraint that skips
 * them), CRL processing per §6.3 (issuingDistributionPoint scope and names, onlySomeReasons accumulated across CRLs,
 * indirect CRLs with cRLIssuer, delta CRLs tied to their base, unknown critical CRL and entry extensions, a CRL signed
 * by a separate key of the CA, an issuer without cRLSign) and URI name constraints. Certificates by `openssl x509`;
 * CRLs with these features by our ASN.1 layer (tests/helpers/crl-builder.ts); `openssl verify -x509_strict
 * -crl_check_all -extended_crl -use_deltas` must agree where it handles the case.
 */
describe.skipIf(missing)('RFC 5280: self-issued certificates, CRL processing (§6.3), URI name constraints', () => {
  let dir: string;
  let serial = 100;
  const certs: Record<string, Cert> = {};
  const ssl = (args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();

  /** A certificate for a new (or the given) EC key, signed by `issuer` (self-signed when absent), with extension lines. */
  const issue = (name: string, subject: string, issuer: Cert | undefined, extensions: string[], keyOf?: Cert): Cert => {
    const key = keyOf?.key ?? path.join(dir, `${name}.key`);
    if (!keyOf) ssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    const ext = path.join(dir, `${name}.ext`);
    fs.writeFileSync(ext, `[ext]\nsubjectKeyIdentifier = hash\n${issuer ? 'authorityKeyIdentifier = keyid\n' : ''}${extensions.join('\n')}\n`);
    const pem = path.join(dir, `${name}.pem`);
    const csr = path.join(dir, `${name}.csr`);
    ssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
    serial += 1;
    if (issuer) ssl(['x509', '-req', '-in', csr, '-CA', issuer.pem, '-CAkey', issuer.key, '-set_serial', String(serial), '-days', '30', '-extfile', ext, '-extensions', 'ext', '-out', pem]);
    else ssl(['x509', '-req', '-in', csr, '-signkey', key, '-set_serial', String(serial), '-days', '30', '-extfile', ext, '-extensions', 'ext', '-out', pem]);
    const cert = { name, pem, key, der: new Uint8Array(execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER'])), keyPem: fs.readFileSync(key, 'utf8') };
    certs[name] = cert;
    return cert;
  };
  const CA_EXT = ['basicConstraints = critical,CA:true', 'keyUsage = critical,keyCertSign,cRLSign'];
  const LEAF_EXT = ['basicConstraints = CA:false', 'keyUsage = critical,digitalSignature'];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-5280-'));
    const root = issue('root', '/CN=Root/O=Signdesk 5280', undefined, CA_EXT);
    const ca = issue('ca', '/CN=Issuing CA/O=Signdesk 5280', root, CA_EXT);
    issue('leaf', '/CN=Leaf/O=Signdesk 5280', ca, [...LEAF_EXT, 'crlDistributionPoints = URI:http://crl.example/ca.crl']);
    issue('subCa', '/CN=Sub CA/O=Signdesk 5280', ca, [...CA_EXT, 'crlDistributionPoints = URI:http://crl.example/ca.crl']);
    // A separate CRL-signing certificate of the issuing CA: same name, another key, only cRLSign.
    issue('caCrlKey', '/CN=Issuing CA/O=Signdesk 5280', root, ['basicConstraints = critical,CA:true', 'keyUsage = critical,cRLSign']);
    // A CA whose keyUsage has no cRLSign, and its leaf.
    const noCrlSign = issue('noCrlSign', '/CN=No CRL Sign CA/O=Signdesk 5280', root, ['basicConstraints = critical,CA:true', 'keyUsage = critical,keyCertSign']);
    issue('noCrlSignLeaf', '/CN=Leaf Of No CRL Sign/O=Signdesk 5280', noCrlSign, LEAF_EXT);
    // An indirect CRL issuer, and a leaf whose distribution point names it as cRLIssuer.
    issue('crlIssuer', '/CN=CRL Issuer/O=Signdesk 5280', root, ['basicConstraints = critical,CA:false', 'keyUsage = critical,cRLSign']);
    issue('indirectLeaf', '/CN=Indirect Leaf/O=Signdesk 5280', ca, [...LEAF_EXT, 'crlDistributionPoints = dp', '[dp]', 'fullname = URI:http://crl.example/indirect.crl', 'CRLissuer = dirName:crl_issuer_dn', '[crl_issuer_dn]', 'CN = CRL Issuer', 'O = Signdesk 5280']);
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const crlFile = (name: string, der: Uint8Array): string => {
    const file = path.join(dir, `${name}.crl.pem`);
    fs.writeFileSync(file, `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END X509 CRL-----\n`);
    return file;
  };
  const status = async (leaf: Cert, crls: Uint8Array[], intermediates: Cert[] = [certs.ca!]) => {
    const result = await validatePath(leaf.der, { trustAnchors: [certs.root!.der], intermediates: [...intermediates.map((item) => item.der), certs.caCrlKey!.der, certs.crlIssuer!.der], revocation: crlRevocationChecker(crls) });
    return { outcome: result.revocation, results: result.revocationResults.map((item) => [item.status, item.problems.join('; ')]) };
  };
  const opensslVerify = (leaf: Cert, crls: string[], chain: Cert[] = [certs.ca!], extra: string[] = []) => {
    const untrusted = path.join(dir, 'untrusted.pem');
    fs.writeFileSync(untrusted, [...chain, certs.caCrlKey!, certs.crlIssuer!].map((item) => fs.readFileSync(item.pem, 'utf8')).join(''));
    const run = spawnSync('openssl', ['verify', '-x509_strict', '-crl_check_all', '-extended_crl', '-use_deltas', ...extra, '-CAfile', certs.root!.pem, '-untrusted', untrusted, ...crls.flatMap((file) => ['-CRLfile', file]), leaf.pem], { cwd: dir });
    return `${run.stdout}${run.stderr}`;
  };
  const rootCrl = () => buildCrl({ issuerCertDer: certs.root!.der, issuerKeyPem: certs.root!.keyPem });
  const caCrl = (options: Partial<Parameters<typeof buildCrl>[0]> = {}) => buildCrl({ issuerCertDer: certs.ca!.der, issuerKeyPem: certs.ca!.keyPem, ...options });
  const revoked = (cert: Cert, reason = 1) => ({ serial: serialOf(cert.der), revokedAt: new Date(Date.now() - 7200_000), reason });

  it('issuingDistributionPoint scope: distribution point name, onlyContainsUserCerts / onlyContainsCACerts', async () => {
    const matching = caCrl({ entries: [revoked(certs.leaf!)], extensions: [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/ca.crl'], onlyUser: true }) }] });
    expect((await status(certs.leaf!, [matching, rootCrl()])).outcome).toBe('revoked');
    expect(opensslVerify(certs.leaf!, [crlFile('idp-match', matching), crlFile('root', rootCrl())])).toContain('certificate revoked');

    const otherPoint = caCrl({ entries: [revoked(certs.leaf!)], extensions: [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/other.crl'] }) }] });
    const other = await status(certs.leaf!, [otherPoint, rootCrl()]);
    expect(other.outcome).toBe('unknown');
    expect(other.results[0]![1]).toContain('another distribution point');
    expect(opensslVerify(certs.leaf!, [crlFile('idp-other', otherPoint), crlFile('root', rootCrl())])).toContain('different CRL scope');

    const caOnly = caCrl({ entries: [revoked(certs.leaf!)], extensions: [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/ca.crl'], onlyCa: true }) }] });
    expect((await status(certs.leaf!, [caOnly, rootCrl()])).outcome).toBe('unknown');
    // The same CA-only CRL is in scope for the sub-CA certificate.
    expect((await status(certs.subCa!, [caCrl({ extensions: [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/ca.crl'], onlyCa: true }) }] }), rootCrl()])).outcome).toBe('good');
  });

  it('onlySomeReasons: the reasons of several CRLs accumulate; one partition alone leaves the status unknown', async () => {
    const idp = (reasons: number[]) => [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/ca.crl'], reasons }) }];
    const keyCompromise = caCrl({ number: 2, extensions: idp([1, 2]) });
    const rest = caCrl({ number: 3, extensions: idp([3, 4, 5, 6, 7, 8]) });
    const partial = await status(certs.leaf!, [keyCompromise, rootCrl()]);
    expect(partial.outcome).toBe('unknown');
    expect(partial.results[0]![1]).toContain('every revocation reason');
    expect((await status(certs.leaf!, [keyCompromise, rest, rootCrl()])).outcome).toBe('good');
    const restRevoking = caCrl({ number: 4, entries: [revoked(certs.leaf!, 4)], extensions: idp([3, 4, 5, 6, 7, 8]) });
    expect((await status(certs.leaf!, [keyCompromise, restRevoking, rootCrl()])).outcome).toBe('revoked');
  });

  it('delta CRLs apply to their base only; an unknown critical CRL or entry extension leaves the status unknown', async () => {
    const base = caCrl({ number: 10 });
    const delta = caCrl({ number: 11, entries: [revoked(certs.leaf!)], extensions: [{ oid: '2.5.29.27', critical: true, value: Uint8Array.of(0x02, 0x01, 10) }] });
    expect((await status(certs.leaf!, [base, delta, rootCrl()])).outcome).toBe('revoked');
    // OpenSSL 3.0 does not apply this delta CRL (-use_deltas): no agreement check here.
    const laterBase = caCrl({ number: 20 });
    const staleDeltaForNewer = caCrl({ number: 12, entries: [revoked(certs.leaf!)], extensions: [{ oid: '2.5.29.27', critical: true, value: Uint8Array.of(0x02, 0x01, 25) }] });
    expect((await status(certs.leaf!, [laterBase, staleDeltaForNewer, rootCrl()])).outcome).toBe('good');

    const unknownCritical = caCrl({ extensions: [{ oid: '1.2.3.4.99', critical: true, value: Uint8Array.of(0x05, 0x00) }] });
    const unknown = await status(certs.leaf!, [unknownCritical, rootCrl()]);
    expect(unknown.outcome).toBe('unknown');
    expect(unknown.results[0]![1]).toContain('unrecognised critical extension');
    const unknownEntry = caCrl({ entries: [{ ...revoked(certs.leaf!), unknownCritical: true }] });
    expect((await status(certs.leaf!, [unknownEntry, rootCrl()])).outcome).toBe('unknown');
  });

  it('a CRL signed by a separate key of the CA counts; a CRL by an issuer without cRLSign does not', async () => {
    const bySeparateKey = buildCrl({ issuerCertDer: certs.caCrlKey!.der, issuerKeyPem: certs.caCrlKey!.keyPem, entries: [revoked(certs.leaf!)] });
    expect((await status(certs.leaf!, [bySeparateKey, rootCrl()])).outcome).toBe('revoked');
    // OpenSSL 3.0 reports "CRL signature failure" here: it does not look for a separate CRL-signing certificate.
    const withoutCrlSign = buildCrl({ issuerCertDer: certs.noCrlSign!.der, issuerKeyPem: certs.noCrlSign!.keyPem });
    const result = await status(certs.noCrlSignLeaf!, [withoutCrlSign, rootCrl()], [certs.noCrlSign!]);
    expect(result.outcome).toBe('unknown');
    expect(result.results[0]![1]).toContain('lacks cRLSign');
  });

  it('indirect CRLs: a cRLIssuer distribution point, certificateIssuer entries', async () => {
    const caName = subjectDerOf(certs.ca!.der)!;
    const idp = [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/indirect.crl'], indirect: true }) }];
    const indirect = buildCrl({ issuerCertDer: certs.crlIssuer!.der, issuerKeyPem: certs.crlIssuer!.keyPem, entries: [{ ...revoked(certs.indirectLeaf!), certificateIssuer: caName }], extensions: idp });
    expect((await status(certs.indirectLeaf!, [indirect, rootCrl()])).outcome).toBe('revoked');
    expect(opensslVerify(certs.indirectLeaf!, [crlFile('indirect', indirect), crlFile('root', rootCrl())])).toContain('certificate revoked');
    // The same serial listed for another CA's certificate is not this certificate.
    const otherCa = buildCrl({ issuerCertDer: certs.crlIssuer!.der, issuerKeyPem: certs.crlIssuer!.keyPem, entries: [{ ...revoked(certs.indirectLeaf!), certificateIssuer: subjectDerOf(certs.root!.der)! }], extensions: idp });
    expect((await status(certs.indirectLeaf!, [otherCa, rootCrl()])).outcome).toBe('good');
    // Without indirectCRL the CRL issuer's CRL is not in scope for the certificate.
    const notIndirect = buildCrl({ issuerCertDer: certs.crlIssuer!.der, issuerKeyPem: certs.crlIssuer!.keyPem, extensions: [{ oid: '2.5.29.28', critical: true, value: issuingDistributionPoint({ uris: ['http://crl.example/indirect.crl'] }) }] });
    expect((await status(certs.indirectLeaf!, [notIndirect, rootCrl()])).outcome).toBe('unknown');
  });

  it('CA key rollover (old-with-new, new-with-old) and a pathLenConstraint that skips self-issued certificates; OpenSSL agrees', async () => {
    const oldRoot = issue('oldRoot', '/CN=Rollover Root/O=Signdesk 5280', undefined, CA_EXT);
    const newRoot = issue('newRoot', '/CN=Rollover Root/O=Signdesk 5280', undefined, CA_EXT);
    const oldWithNew = issue('oldWithNew', '/CN=Rollover Root/O=Signdesk 5280', newRoot, CA_EXT, oldRoot);
    const newWithOld = issue('newWithOld', '/CN=Rollover Root/O=Signdesk 5280', oldRoot, CA_EXT, newRoot);
    const underOld = issue('underOld', '/CN=Signed Under Old Key/O=Signdesk 5280', oldRoot, LEAF_EXT);
    const underNew = issue('underNew', '/CN=Signed Under New Key/O=Signdesk 5280', newRoot, LEAF_EXT);
    const check = async (leaf: Cert, anchor: Cert, bridge: Cert) => validatePath(leaf.der, { trustAnchors: [anchor.der], intermediates: [bridge.der], revocation: 'skip' });
    const a = await check(underOld, newRoot, oldWithNew);
    expect(a.errors).toEqual([]);
    expect(a.chain.map((item) => item.info.fingerprintSha256)).toEqual([underOld, oldWithNew, newRoot].map((item) => fingerprint(item)));
    expect((await check(underNew, oldRoot, newWithOld)).errors).toEqual([]);
    const agree = (leaf: Cert, anchor: Cert, bridge: Cert) => spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', anchor.pem, '-untrusted', bridge.pem, leaf.pem]).stdout.toString();
    expect(agree(underOld, newRoot, oldWithNew)).toContain('OK');
    expect(agree(underNew, oldRoot, newWithOld)).toContain('OK');

    // pathLenConstraint 0 on a CA that rolled over its own key: the self-issued certificate does not count (§6.1.4 (l)).
    const pathCa = issue('pathCa', '/CN=PathLen CA/O=Signdesk 5280', certs.root!, ['basicConstraints = critical,CA:true,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign']);
    const pathCaNew = issue('pathCaNew', '/CN=PathLen CA/O=Signdesk 5280', pathCa, ['basicConstraints = critical,CA:true,pathlen:0', 'keyUsage = critical,keyCertSign,cRLSign']);
    const pathLeaf = issue('pathLeaf', '/CN=Below Rollover/O=Signdesk 5280', pathCaNew, LEAF_EXT);
    const result = await validatePath(pathLeaf.der, { trustAnchors: [certs.root!.der], intermediates: [pathCa.der, pathCaNew.der], revocation: 'skip' });
    expect(result.errors).toEqual([]);
    expect(spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', certs.root!.pem, '-untrusted', pathCa.pem, '-untrusted', pathCaNew.pem, pathLeaf.pem]).stdout.toString()).toContain('OK');
    // A non-self-issued CA below the pathlen:0 CA is refused by both.
    const deeper = issue('deeperCa', '/CN=Too Deep CA/O=Signdesk 5280', pathCaNew, CA_EXT);
    const tooDeep = issue('tooDeep', '/CN=Too Deep Leaf/O=Signdesk 5280', deeper, LEAF_EXT);
    const refused = await validatePath(tooDeep.der, { trustAnchors: [certs.root!.der], intermediates: [pathCa.der, pathCaNew.der, deeper.der], revocation: 'skip' });
    expect(refused.errors.map((error) => error.code)).toContain('ERR_CERT_PATH_LENGTH');
    expect(spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', certs.root!.pem, '-untrusted', pathCa.pem, '-untrusted', pathCaNew.pem, '-untrusted', deeper.pem, tooDeep.pem]).stdout.toString()).not.toContain(': OK');
  });

  it('URI name constraints: host and domain forms; signdesk cert verify and OpenSSL agree', async () => {
    const constrained = issue('uriCa', '/CN=URI Constrained CA/O=Signdesk 5280', certs.root!, [...CA_EXT, 'nameConstraints = critical,permitted;URI:.example.com']);
    const inside = issue('uriInside', '/CN=Inside/O=Signdesk 5280', constrained, [...LEAF_EXT, 'subjectAltName = URI:https://host.example.com/path']);
    const outside = issue('uriOutside', '/CN=Outside/O=Signdesk 5280', constrained, [...LEAF_EXT, 'subjectAltName = URI:https://example.org/path']);
    const apex = issue('uriApex', '/CN=Apex/O=Signdesk 5280', constrained, [...LEAF_EXT, 'subjectAltName = URI:https://example.com/']);
    const validate = (leaf: Cert) => validatePath(leaf.der, { trustAnchors: [certs.root!.der], intermediates: [constrained.der], revocation: 'skip' });
    expect((await validate(inside)).errors).toEqual([]);
    expect((await validate(outside)).errors.map((error) => error.code)).toEqual(['ERR_CERT_NAME_CONSTRAINTS']);
    expect((await validate(apex)).errors.map((error) => error.code)).toEqual(['ERR_CERT_NAME_CONSTRAINTS']);
    const verify = (leaf: Cert) => spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', certs.root!.pem, '-untrusted', constrained.pem, leaf.pem]).stdout.toString();
    expect(verify(inside)).toContain('OK');
    expect(verify(outside)).not.toContain(': OK');
    expect(verify(apex)).not.toContain(': OK');
    const cli = await runSigndesk(['cert', 'verify', outside.pem, '--trust', certs.root!.pem, '--untrusted', constrained.pem, '--no-revocation', '--data-dir', path.join(dir, 'data'), '--json']);
    expect(cli.code).toBe(1);
    expect(cli.json()).toMatchObject({ valid: false, errors: ['ERR_CERT_NAME_CONSTRAINTS'] });
  });
});

function fingerprint(cert: Cert): string {
  return execFileSync('openssl', ['x509', '-in', cert.pem, '-noout', '-fingerprint', '-sha256']).toString().split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
}

