import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCertId,
  buildOcspRequest,
  checkOcspResponse,
  RevocationService,
} from '../../main/core/pki/revocation';
import { httpRequest } from '../../main/core/net/http-request';
import { createHandlers } from '../../main/core/api/handlers';
import { createServices } from '../../main/core/services';
import { OpensslCa, startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk as runCliCapture } from '../helpers/run-cli';
import { decodeCertificates } from '../../main/core/pki/certificate';

const decodeFirstCertificate = (bytes: Uint8Array) => decodeCertificates(bytes)[0]!;

const missing = missingTools(['openssl']);

describe.skipIf(missing)('revocation status: OCSP against `openssl ocsp -port`, CRLs over loopback HTTP', () => {
  let dir: string;
  let ca: OpensslCa;
  let responder: RunningServer;
  let delegatedResponder: RunningServer;
  let noEkuResponder: RunningServer;
  let httpServer: http.Server;
  const served = new Map<string, Uint8Array>();
  let base: string;
  let ocspUrl: string;
  const certs: Record<string, string> = {};

  const service = (dataDir: string, now?: () => Date) =>
    new RevocationService({ cacheDir: path.join(dataDir, 'cache', 'revocation'), timeoutMs: 3000, ...(now ? { now } : {}) });
  const read = (file: string) => new Uint8Array(fs.readFileSync(file));
  const newDataDir = () => fs.mkdtempSync(path.join(dir, 'data-'));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-ca-rev-'));
    ca = new OpensslCa(path.join(dir, 'ca'));
    httpServer = http.createServer((request, response) => {
      if (request.url === '/moved.crl') return void response.writeHead(302, { Location: '/ca.crl' }).end();
      const body = served.get(request.url ?? '');
      if (!body) return void response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.from(body));
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    served.set('/ca.cer', new Uint8Array(crypto.X509Certificate ? new crypto.X509Certificate(fs.readFileSync(ca.cert)).raw : []));

    // The responder starts first (its port goes into the certificates); `openssl ocsp` re-reads a changed index.
    responder = await startOpensslServer((port) => ['ocsp', '-index', ca.indexFile, '-port', String(port), '-rsigner', ca.cert, '-rkey', ca.key, '-CA', ca.cert, '-ndays', '1'], ca.dir);
    ocspUrl = `http://127.0.0.1:${responder.port}`;
    const withAll = { ocspUrl, crlUrl: `${base}/ca.crl`, caIssuersUrl: `${base}/ca.cer` };
    certs.good = ca.issue('good', ca.newKey('good'), withAll);
    certs.revoked = ca.issue('revoked', ca.newKey('revoked'), withAll);
    certs.crlGood = ca.issue('crl-good', ca.newKey('crl-good'), { crlUrl: `${base}/ca.crl` });
    certs.crlRevoked = ca.issue('crl-revoked', ca.newKey('crl-revoked'), { crlUrl: `${base}/ca.crl` });
    certs.crlHold = ca.issue('crl-hold', ca.newKey('crl-hold'), { crlUrl: `${base}/ca.crl` });
    certs.deadEnd = ca.issue('dead-end', ca.newKey('dead-end'), { ocspUrl: 'http://127.0.0.1:9/ocsp', crlUrl: 'http://127.0.0.1:9/ca.crl' });
    certs.deltaRevoked = ca.issue('delta-revoked', ca.newKey('delta-revoked'), { crlUrl: `${base}/ca.crl`, freshestCrlUrl: `${base}/delta.crl` });
    certs.deltaReleased = ca.issue('delta-released', ca.newKey('delta-released'), { crlUrl: `${base}/ca.crl`, freshestCrlUrl: `${base}/delta.crl` });
    ca.revoke(certs.deltaReleased, 'certificateHold');
    ca.revoke(certs.revoked, 'keyCompromise');
    ca.revoke(certs.crlRevoked, 'superseded');
    ca.revoke(certs.crlHold, 'certificateHold');
    served.set('/ca.crl', ca.crl(24));

    // Not in the index: the responder answers "unknown".
    const strayKey = ca.newKey('stray');
    ca.openssl(['req', '-new', '-key', strayKey, '-out', 'stray.csr', '-subj', '/CN=stray']);
    fs.writeFileSync(path.join(ca.dir, 'stray.ext'), `authorityInfoAccess = OCSP;URI:${ocspUrl}\n`);
    ca.openssl(['x509', '-req', '-in', 'stray.csr', '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', '0x7777', '-days', '5', '-extfile', 'stray.ext', '-out', 'stray.pem']);
    certs.stray = path.join(ca.dir, 'stray.pem');

    // Delegated responders: one certified for OCSPSigning, one without that purpose.
    const signerKey = ca.newKey('ocsp-signer');
    const signer = ca.issue('ocsp-signer', signerKey, { extensions: ['extendedKeyUsage = OCSPSigning'] });
    delegatedResponder = await startOpensslServer((port) => ['ocsp', '-index', ca.indexFile, '-port', String(port), '-rsigner', signer, '-rkey', signerKey, '-CA', ca.cert, '-ndays', '1'], ca.dir);
    const plainKey = ca.newKey('plain-signer');
    const plain = ca.issue('plain-signer', plainKey);
    noEkuResponder = await startOpensslServer((port) => ['ocsp', '-index', ca.indexFile, '-port', String(port), '-rsigner', plain, '-rkey', plainKey, '-CA', ca.cert, '-ndays', '1'], ca.dir);
  });

  afterAll(async () => {
    await responder?.stop();
    await delegatedResponder?.stop();
    await noEkuResponder?.stop();
    await new Promise((resolve) => httpServer?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('OCSP: good, with thisUpdate/nextUpdate, not from cache', async () => {
    const result = await service(newDataDir()).checkRevocation(read(certs.good!), read(ca.cert));
    expect(result).toMatchObject({ status: 'good', source: 'ocsp', fromCache: false, revokedAt: null, reason: null });
    expect(result.thisUpdate).toBeInstanceOf(Date);
    expect(result.nextUpdate!.getTime()).toBeGreaterThan(Date.now() + 20 * 3600_000);
  });

  it('OCSP: revoked with reason and date', async () => {
    const result = await service(newDataDir()).checkRevocation(read(certs.revoked!), read(ca.cert));
    expect(result).toMatchObject({ status: 'revoked', source: 'ocsp', reason: 'keyCompromise' });
    expect(Math.abs(result.revokedAt!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('a revocation dated after the time asked about reads as good (revokedAt kept)', async () => {
    const result = await service(newDataDir()).checkRevocation(read(certs.revoked!), read(ca.cert), { at: new Date(Date.now() - 3600_000) });
    expect(result.status).toBe('good');
    expect(result.revokedAt).toBeInstanceOf(Date);
  });

  it('OCSP: unknown for a certificate missing from the index', async () => {
    const result = await service(newDataDir()).checkRevocation(read(certs.stray!), read(ca.cert));
    expect(result).toMatchObject({ status: 'unknown', source: 'ocsp' });
  });

  it('OCSP: SHA-1 and SHA-256 CertIDs both answered; the nonce is echoed and a foreign nonce is refused', async () => {
    const cert = decodeFirstCertificate(read(certs.revoked!));
    const issuer = decodeFirstCertificate(read(ca.cert));
    for (const hash of ['SHA-1', 'SHA-256'] as const) {
      const certId = buildCertId(cert, issuer, hash);
      const nonce = new Uint8Array(crypto.randomBytes(32));
      const response = await httpRequest(ocspUrl, { body: buildOcspRequest(certId, nonce), contentType: 'application/ocsp-request' });
      const answer = checkOcspResponse({ response: response.body, certId, issuer, nonce, now: new Date() });
      expect(answer).toMatchObject({ status: 'revoked', reason: 'keyCompromise', nonceEchoed: true });
      const otherNonce = new Uint8Array(crypto.randomBytes(32));
      expect(() => checkOcspResponse({ response: response.body, certId, issuer, nonce: otherNonce, now: new Date() })).toThrow(/nonce/);
      // A response is for one issuer: checked against another CA it fails.
      const stranger = new OpensslCa(path.join(dir, `stranger-${hash}`), 'Stranger CA');
      expect(() => checkOcspResponse({ response: response.body, certId, issuer: decodeFirstCertificate(read(stranger.cert)), nonce, now: new Date() })).toThrow(/OCSP response rejected/);
    }
  });

  it('OCSP: a delegated responder with id-kp-OCSPSigning is accepted; one without it is not', async () => {
    const delegated = await service(newDataDir()).checkRevocation(read(certs.revoked!), read(ca.cert), { ocspUrl: `http://127.0.0.1:${delegatedResponder.port}` });
    expect(delegated).toMatchObject({ status: 'revoked', source: 'ocsp' });
    const noEku = await service(newDataDir()).checkRevocation(read(certs.stray!), read(ca.cert), { ocspUrl: `http://127.0.0.1:${noEkuResponder.port}` });
    expect(noEku.status).toBe('unknown');
    expect(noEku.source).toBeNull();
    expect(noEku.problems.join(' ')).toMatch(/OCSPSigning/);
  });

  it('CRL: good, revoked (reason, date) and on hold, fetched from the distribution point', async () => {
    const dataDir = newDataDir();
    const good = await service(dataDir).checkRevocation(read(certs.crlGood!), read(ca.cert));
    expect(good).toMatchObject({ status: 'good', source: 'crl', fromCache: false });
    expect(good.nextUpdate).toBeInstanceOf(Date);
    const revoked = await service(dataDir).checkRevocation(read(certs.crlRevoked!), read(ca.cert));
    expect(revoked).toMatchObject({ status: 'revoked', source: 'crl', reason: 'superseded' });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const hold = await service(dataDir).checkRevocation(read(certs.crlHold!), read(ca.cert));
    expect(hold).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
    // A distribution point that redirects is followed (GET only).
    const moved = await service(newDataDir()).checkRevocation(read(certs.crlRevoked!), read(ca.cert), { crlUrls: [`${base}/moved.crl`] });
    expect(moved).toMatchObject({ status: 'revoked', source: 'crl', url: `${base}/moved.crl` });
  });

  it('CRL: an expired CRL is refused (unknown), and a CRL signed by another CA too', async () => {
    const later = () => new Date(Date.now() + 3 * 24 * 3600_000);
    const expired = await service(newDataDir(), later).checkRevocation(read(certs.crlRevoked!), read(ca.cert));
    expect(expired.status).toBe('unknown');
    expect(expired.problems.join(' ')).toMatch(/expired/);

    const stranger = new OpensslCa(path.join(dir, 'stranger-crl'), 'Signdesk Test CA');
    served.set('/forged.crl', stranger.crl(24));
    const forged = await service(newDataDir()).checkRevocation(read(certs.crlRevoked!), read(ca.cert), { crlUrls: [`${base}/forged.crl`] });
    expect(forged.status).toBe('unknown');
    expect(forged.problems.join(' ')).toMatch(/bad signature/);
  });

  it('delta CRL (freshestCRL): a newer revocation and a released hold override the base CRL', async () => {
    const before = await service(newDataDir()).checkRevocation(read(certs.deltaRevoked!), read(ca.cert));
    expect(before.status).toBe('good');
    served.set(
      '/delta.crl',
      signedDeltaCrl([
        { cert: certs.deltaRevoked!, reason: 1 },
        { cert: certs.deltaReleased!, reason: 8 },
      ]),
    );
    const dataDir = newDataDir();
    const revoked = await service(dataDir).checkRevocation(read(certs.deltaRevoked!), read(ca.cert));
    expect(revoked).toMatchObject({ status: 'revoked', source: 'crl', reason: 'keyCompromise' });
    const released = await service(dataDir).checkRevocation(read(certs.deltaReleased!), read(ca.cert));
    expect(released).toMatchObject({ status: 'good', source: 'crl' });
    served.delete('/delta.crl');
    const heldAgain = await service(newDataDir()).checkRevocation(read(certs.deltaReleased!), read(ca.cert));
    expect(heldAgain).toMatchObject({ status: 'revoked', reason: 'certificateHold' });
  });

  /** A delta CRL (deltaCRLIndicator → the base's cRLNumber) signed with the CA key; openssl ca cannot make one. */
  function signedDeltaCrl(entries: { cert: string; reason: number }[]): Uint8Array {
    const caCert = decodeFirstCertificate(read(ca.cert));
    const base = new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(served.get('/ca.crl')!).result });
    const baseNumber = base.crlExtensions!.extensions.find((ext) => ext.extnID === '2.5.29.20')!;
    const baseValue = asn1js.fromBER(baseNumber.extnValue.valueBlock.valueHexView).result as asn1js.Integer;
    const now = Date.now();
    const crl = new pkijs.CertificateRevocationList({
      version: 1,
      issuer: caCert.subject,
      signature: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.10045.4.3.2' }),
      thisUpdate: new pkijs.Time({ type: 0, value: new Date(now - 60_000) }),
      nextUpdate: new pkijs.Time({ type: 0, value: new Date(now + 3600_000) }),
      revokedCertificates: entries.map(
        (entry) =>
          new pkijs.RevokedCertificate({
            userCertificate: new asn1js.Integer({ valueHex: decodeFirstCertificate(read(entry.cert)).serialNumber.valueBlock.valueHexView }),
            revocationDate: new pkijs.Time({ type: 0, value: new Date(now - 30_000) }),
            crlEntryExtensions: new pkijs.Extensions({
              extensions: [new pkijs.Extension({ extnID: '2.5.29.21', extnValue: new asn1js.Enumerated({ value: entry.reason }).toBER() })],
            }),
          }),
      ),
      crlExtensions: new pkijs.Extensions({
        extensions: [
          new pkijs.Extension({ extnID: '2.5.29.20', extnValue: new asn1js.Integer({ value: baseValue.valueBlock.valueDec + 1 }).toBER() }),
          new pkijs.Extension({ extnID: '2.5.29.27', critical: true, extnValue: new asn1js.Integer({ value: baseValue.valueBlock.valueDec }).toBER() }),
        ],
      }),
    });
    const tbs = (crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS();
    const signature = crypto.sign('sha256', Buffer.from(tbs.toBER()), { key: fs.readFileSync(ca.key), dsaEncoding: 'der' });
    return new Uint8Array(new asn1js.Sequence({ value: [tbs, crl.signature.toSchema(), new asn1js.BitString({ valueHex: signature })] }).toBER());
  }

  it('CLI status: JSON shape and exit codes (0 good, 1 revoked, 1 unknown), issuer from AIA caIssuers', async () => {
    const dataDir = newDataDir();
    const good = await runCliCapture(['status', certs.good!, '--json', '--data-dir', dataDir]);
    expect(good.code, good.stderr).toBe(0);
    const json = JSON.parse(good.stdout);
    expect(Object.keys(json).sort()).toEqual(['fromCache', 'nextUpdate', 'reason', 'revokedAt', 'source', 'status', 'thisUpdate']);
    expect(json).toMatchObject({ status: 'good', source: 'ocsp', fromCache: false, revokedAt: null, reason: null });
    expect(new Date(json.thisUpdate).toISOString()).toBe(json.thisUpdate);

    const revoked = await runCliCapture(['status', certs.revoked!, '--issuer', ca.cert, '--json', '--data-dir', dataDir]);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });

    const unknown = await runCliCapture(['status', certs.stray!, '--issuer', ca.cert, '--json', '--data-dir', dataDir]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).status).toBe('unknown');

    const viaCrl = await runCliCapture(['status', certs.good!, '--issuer', ca.cert, '--ocsp', 'http://127.0.0.1:9/', '--crl-url', `${base}/ca.crl`, '--data-dir', dataDir]);
    expect(viaCrl.code).toBe(0);
    expect(viaCrl.stdout).toMatch(/Status: good/);
    expect(viaCrl.stdout).toMatch(/Source: crl/);
  });

  it('CLI status: the issuer from the trust store; none found is a coded error', async () => {
    const dataDir = newDataDir();
    const missingIssuer = await runCliCapture(['status', certs.crlGood!, '--json', '--data-dir', dataDir]);
    expect(missingIssuer.code).toBe(1);
    expect(JSON.parse(missingIssuer.stdout).error.code).toBe('ERR_CERT_CHAIN_INVALID');
    fs.mkdirSync(path.join(dataDir, 'trust'));
    fs.copyFileSync(ca.cert, path.join(dataDir, 'trust', 'ca.pem'));
    const result = await runCliCapture(['status', certs.crlGood!, '--json', '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'good', source: 'crl' });
  });

  it('CLI status: unreachable with nothing cached → exit 3', async () => {
    const result = await runCliCapture(['status', certs.deadEnd!, '--issuer', ca.cert, '--json', '--data-dir', newDataDir()]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'unreachable', source: null, fromCache: false });
  });

  it('preferCache answers from a fresh cache entry; allowNetwork false without one is unreachable', async () => {
    const dataDir = newDataDir();
    const offline = await service(dataDir).checkRevocation(read(certs.good!), read(ca.cert), { allowNetwork: false });
    expect(offline).toMatchObject({ status: 'unreachable', fromCache: false });
    await service(dataDir).checkRevocation(read(certs.good!), read(ca.cert));
    const cached = await service(dataDir).checkRevocation(read(certs.good!), read(ca.cert), { preferCache: true });
    expect(cached).toMatchObject({ status: 'good', source: 'ocsp', fromCache: true });
    const offlineCached = await service(dataDir).checkRevocation(read(certs.good!), read(ca.cert), { allowNetwork: false });
    expect(offlineCached).toMatchObject({ status: 'good', fromCache: true });
  });

  it('ca:checkStatus (contract handler): a CA profile supplies the issuer and the OCSP override', async () => {
    const dataDir = newDataDir();
    const services = createServices({ dataDir, runtime: 'cli' });
    try {
      const handlers = createHandlers(services);
      const profile = await handlers['ca:saveProfile']({
        profile: { name: 'Test CA', cmpUrl: null, ocspUrl: ocspUrl, crlUrls: [], tsaUrl: null, trustAnchors: [fs.readFileSync(ca.cert, 'utf8')] },
      });
      expect(await handlers['ca:profiles']({})).toHaveLength(1);
      // crl-revoked names no OCSP responder: the answer comes from the profile's responder.
      const status = await handlers['ca:checkStatus']({ certificate: fs.readFileSync(certs.crlRevoked!, 'utf8'), profileId: profile.id });
      expect(status).toMatchObject({ status: 'revoked', source: 'ocsp', reason: 'superseded', fromCache: false });
      expect(typeof status.thisUpdate).toBe('string');
    } finally {
      await services.close();
    }
  });

  it('the cache answers when the responder is gone (fromCache true), and not for another data dir', async () => {
    const dataDir = newDataDir();
    // No --issuer: it comes from the AIA caIssuers URL, and is kept for later.
    const first = await runCliCapture(['status', certs.revoked!, '--json', '--data-dir', dataDir]);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'revoked', fromCache: false });
    expect(fs.readdirSync(path.join(dataDir, 'cache', 'revocation')).length).toBeGreaterThan(0);
    const crlFirst = await runCliCapture(['status', certs.crlRevoked!, '--issuer', ca.cert, '--json', '--data-dir', dataDir]);
    expect(JSON.parse(crlFirst.stdout)).toMatchObject({ status: 'revoked', source: 'crl', fromCache: false });

    await responder.stop();
    served.delete('/ca.crl');
    const issuerCertificate = served.get('/ca.cer')!;
    served.delete('/ca.cer');
    const again = await runCliCapture(['status', certs.revoked!, '--json', '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'revoked', source: 'ocsp', fromCache: true, reason: 'keyCompromise' });
    const crlAgain = await runCliCapture(['status', certs.crlRevoked!, '--issuer', ca.cert, '--json', '--data-dir', dataDir]);
    expect(JSON.parse(crlAgain.stdout)).toMatchObject({ status: 'revoked', source: 'crl', fromCache: true });

    const elsewhere = await runCliCapture(['status', certs.revoked!, '--issuer', ca.cert, '--json', '--data-dir', newDataDir()]);
    expect(elsewhere.code).toBe(3);
    // Without the issuer and with its URL gone, nothing can be checked: an environment error.
    const noIssuer = await runCliCapture(['status', certs.revoked!, '--json', '--data-dir', newDataDir()]);
    expect(noIssuer.code).toBe(3);
    expect(JSON.parse(noIssuer.stdout).error.code).toBe('ERR_NETWORK');
    served.set('/ca.cer', issuerCertificate);
    // Past nextUpdate the cached answer is no longer used.
    const expiredCache = await service(dataDir, () => new Date(Date.now() + 2 * 24 * 3600_000)).checkRevocation(read(certs.revoked!), read(ca.cert));
    expect(expiredCache.status).toBe('unreachable');
  });
});
