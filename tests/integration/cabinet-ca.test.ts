import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/core/secrets';
import { createServices, type Services } from '../../main/core/services';
import { CabinetTestCa, issueWithSerial } from '../helpers/cabinet-ca';
import { startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { codeOf, closedPort } from '../helpers/outcome';

describe.skipIf(missingTools(['openssl']))('temporary key requests through the CA connector (CMP cr, OpenSSL mock server)', () => {
  let dir: string;
  let services: Services;
  let ca: CabinetTestCa;
  let server: RunningServer | undefined;
  let mainId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cabinet-ca-'));
    services = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets: new MemorySecretStore() });
    ca = new CabinetTestCa(path.join(dir, 'ca'));
    const main = await services.cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name: 'Main', password: 'main-pass', entropy: crypto.randomBytes(48).toString('base64'), reference: 'R-1', phone: '+380501234567' });
    mainId = main.id;
    await services.cabinet.bindCertificate({ keyId: mainId, pem: ca.issue(services.cabinet.request(mainId).pem, { days: 5 }) });
  });

  afterAll(async () => {
    await server?.stop();
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without a CA the request stays for export; an unreachable CA is a coded error and a retry sends the same request', async () => {
    const temporary = await services.cabinet.makeTemporaryKey({ parentId: mainId, storage: 'file', period: 'month', parentSecret: 'main-pass', newSecret: 'temp-pass-1' });
    expect(await services.cabinet.sendRequest({ keyId: temporary.id, parentSecret: 'main-pass', secret: 'temp-pass-1' })).toMatchObject({ sent: false });

    const caPem = fs.readFileSync(ca.ca.cert, 'latin1');
    const dead = await services.ca.profiles.save({ name: 'Down CA', cmpUrl: `http://127.0.0.1:${await closedPort()}/pkix/`, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [caPem] });
    expect(await codeOf(services.cabinet.sendRequest({ keyId: temporary.id, parentSecret: 'main-pass', secret: 'temp-pass-1' }))).toBe('ERR_NETWORK');
    expect((await services.cabinet.key(temporary.id)).status).toBe('awaitingCertificate');
    await services.ca.profiles.delete(dead.id);

    const limit = new Date((await services.cabinet.key(temporary.id)).validityLimit!);
    const issued = ca.issue(services.cabinet.request(temporary.id).pem, { endDate: limit });
    const certFile = path.join(dir, 'temporary.pem');
    fs.writeFileSync(certFile, issued.slice(0, issued.indexOf('-----END CERTIFICATE-----') + 26));
    server = await startOpensslServer(
      (port) => ['cmp', '-port', String(port), '-srv_cert', ca.ca.cert, '-srv_key', ca.ca.key, '-rsp_capubs', ca.ca.cert, '-srv_trusted', ca.ca.cert, '-rsp_cert', certFile],
      dir,
    );
    await services.ca.profiles.save({ name: 'Test CA', cmpUrl: `http://127.0.0.1:${server.port}/pkix/`, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [caPem] });

    expect(await codeOf(services.cabinet.sendRequest({ keyId: temporary.id, parentSecret: 'wrong', secret: 'temp-pass-1' }))).toBe('ERR_PASSWORD_INCORRECT');
    const result = await services.cabinet.sendRequest({ keyId: temporary.id, parentSecret: 'main-pass', secret: 'temp-pass-1' });
    expect(result.sent).toBe(true);
    expect(result.key.status).toBe('active');
    expect(new Date(result.key.notAfter!).getTime()).toBeLessThanOrEqual(new Date((await services.cabinet.key(mainId)).notAfter!).getTime());
    expect(services.cabinet.request(temporary.id).sent).toBe(true);
  });

  it('checks a certificate by OCSP: good, then revoked, and the cabinet shows the key as revoked', async () => {
    const responderArgs = (port: number) => ['ocsp', '-index', ca.ca.indexFile, '-port', String(port), '-rsigner', ca.ca.cert, '-rkey', ca.ca.key, '-CA', ca.ca.cert, '-ndays', '1'];
    let ocsp = await startOpensslServer(responderArgs, dir);
    try {
      const key = await services.cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name: 'Checked', password: 'checked-pass', entropy: crypto.randomBytes(48).toString('base64'), reference: 'R-2', phone: '+380501234567' });
      await services.cabinet.bindCertificate({ keyId: key.id, pem: ca.issue(services.cabinet.request(key.id).pem, { ocspUrl: `http://127.0.0.1:${ocsp.port}/` }) });
      const issuedFile = ca.lastIssuedFile;
      expect(await services.cabinet.checkStatus(key.id)).toMatchObject({ status: 'good', source: 'ocsp', reason: null });
      ca.ca.revoke(issuedFile);
      // The responder reads its index once: start it again on the same port (the certificate's AIA names it).
      const port = ocsp.port;
      await ocsp.stop();
      ocsp = await startOpensslServer(() => responderArgs(port), dir);
      // The good answer is cached until its nextUpdate; a fresh cabinet over a fresh cache asks again.
      fs.rmSync(path.join(dir, 'data', 'cache'), { recursive: true, force: true });
      const fresh = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets: new MemorySecretStore() });
      try {
        expect(await fresh.cabinet.checkStatus(key.id)).toMatchObject({ status: 'revoked', source: 'ocsp' });
        expect((await fresh.cabinet.key(key.id)).status).toBe('revoked');
      } finally {
        await fresh.close();
      }
    } finally {
      await ocsp.stop();
    }
  });

  it('extends validity through the CA with a key update (kur) for a new key; a failed send is retried with the same key', async () => {
    for (const profile of services.ca.profiles.list()) await services.ca.profiles.delete(profile.id);
    const caPem = fs.readFileSync(ca.ca.cert, 'latin1');
    const dead = await services.ca.profiles.save({ name: 'Down CA', cmpUrl: `http://127.0.0.1:${await closedPort()}/pkix/`, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [caPem] });
    const before = (await services.cabinet.list()).length;
    expect(await codeOf(services.cabinet.renew(mainId, 'main-pass'))).toBe('ERR_NETWORK');
    const pending = (await services.cabinet.list()).filter((key) => key.status === 'awaitingCertificate' && key.name === 'Main');
    expect(pending).toHaveLength(1);
    expect((await services.cabinet.list()).length).toBe(before + 1);
    await services.ca.profiles.delete(dead.id);

    const certFile = issueWithSerial(ca, services.cabinet.request(pending[0]!.id).pem, services.cabinet.certificate(mainId).serial, 200);
    const kurServer = await startOpensslServer(
      (port) => ['cmp', '-port', String(port), '-srv_cert', ca.ca.cert, '-srv_key', ca.ca.key, '-rsp_capubs', ca.ca.cert, '-srv_trusted', ca.ca.cert, '-rsp_cert', certFile],
      dir,
    );
    try {
      await services.ca.profiles.save({ name: 'Test CA', cmpUrl: `http://127.0.0.1:${kurServer.port}/pkix/`, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [caPem] });
      const renewal = await services.cabinet.renew(mainId, 'main-pass');
      expect(renewal).toMatchObject({ purpose: 'renewal', sent: true });
      expect((await services.cabinet.list()).length).toBe(before + 1);
      const renewed = await services.cabinet.key(pending[0]!.id);
      expect(renewed.status).toBe('active');
      expect(renewed.rnokpp).toBe('1234567890');
      expect(await services.cabinet.testSign(renewed.id, 'main-pass')).toEqual({ signed: true });
    } finally {
      await kurServer.stop();
    }
  });
});
