import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/core/secrets';
import { createServices, type Services } from '../../main/core/services';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { codeOf, closedPort } from '../helpers/outcome';

describe.skipIf(missingTools(['openssl']))('CA profile per cabinet key; Block with CMP rr certificateHold (OpenSSL mock server)', () => {
  let dir: string;
  let services: Services;
  let ca: CabinetTestCa;
  let caPem: string;
  let server: RunningServer;
  const ids = { main: '', other: '' };

  async function fileKey(name: string, password: string): Promise<{ id: string; certFile: string }> {
    const key = await services.cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name, password, entropy: crypto.randomBytes(48).toString('base64'), reference: `R-${name}`, phone: '+380501234567' });
    await services.cabinet.bindCertificate({ keyId: key.id, pem: ca.issue(services.cabinet.request(key.id).pem, { days: 5 }) });
    return { id: key.id, certFile: ca.lastIssuedFile };
  }

  const profile = (name: string, cmpUrl: string | null, extra: { ocspUrl?: string } = {}) =>
    services.ca.profiles.save({ name, cmpUrl, ocspUrl: extra.ocspUrl ?? null, crlUrls: [], tsaUrl: null, trustAnchors: [caPem] });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cabinet-ca-profiles-'));
    services = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets: new MemorySecretStore() });
    ca = new CabinetTestCa(path.join(dir, 'ca'));
    caPem = fs.readFileSync(ca.ca.cert, 'latin1');
    const main = await fileKey('Main', 'main-pass');
    ids.main = main.id;
    ids.other = (await fileKey('Other', 'other-pass')).id;
    // The mock server holds (rr) only the certificate it was given as -rsp_cert: Main's.
    server = await startOpensslServer(
      (port) => ['cmp', '-port', String(port), '-srv_cert', ca.ca.cert, '-srv_key', ca.ca.key, '-rsp_capubs', ca.ca.cert, '-srv_trusted', ca.ca.cert, '-rsp_cert', main.certFile],
      dir,
    );
  });

  afterAll(async () => {
    await server?.stop();
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a key without a profile goes to the first profile with CMP; its own profile overrides that; unknown profiles are refused', async () => {
    expect((await services.cabinet.key(ids.main)).caHold).toBe(false);
    expect(await services.cabinet.block(ids.main)).toMatchObject({ ca: 'notSent', key: { status: 'blocked' } });
    await services.cabinet.setBlocked(ids.main, false);

    await profile('No CMP', null);
    const down = await profile('Down CA', `http://127.0.0.1:${await closedPort()}/pkix/`);
    const live = await profile('Test CA', `http://127.0.0.1:${server.port}/pkix/`);
    expect((await services.cabinet.key(ids.main)).caHold).toBe(true);
    expect(await codeOf(services.cabinet.block(ids.main))).toBe('ERR_PASSWORD_REQUIRED');
    expect((await services.cabinet.key(ids.main)).status).toBe('active');
    // Default: the first profile with a CMP address, which is down. The local block applies all the same.
    expect(await services.cabinet.block(ids.main, 'main-pass')).toMatchObject({ ca: 'unreachable', errorCode: 'ERR_NETWORK', key: { status: 'blocked' } });
    expect(() => services.cabinet.assertMaySign(ids.main)).toThrow(expect.objectContaining({ code: 'ERR_KEY_BLOCKED' }));
    await services.cabinet.setBlocked(ids.main, false);

    expect(await codeOf(services.cabinet.setCaProfile(ids.main, 'no-such-profile'))).toBe('ERR_NOT_FOUND');
    expect((await services.cabinet.setCaProfile(ids.main, live.id)).caProfileId).toBe(live.id);
    expect(await services.cabinet.block(ids.main, 'wrong-pass')).toMatchObject({ ca: 'failed', errorCode: 'ERR_PASSWORD_INCORRECT', key: { status: 'blocked' } });
    await services.cabinet.setBlocked(ids.main, false);
    expect(await services.cabinet.block(ids.main, 'main-pass')).toMatchObject({ ca: 'held', errorCode: null, key: { status: 'blocked' } });
    await services.ca.profiles.delete(down.id);
  });

  it('a CA that refuses the hold is reported; a profile without CMP sends nothing and asks for no secret', async () => {
    const live = services.ca.profiles.list().find((candidate) => candidate.name === 'Test CA')!;
    await services.cabinet.setCaProfile(ids.other, live.id);
    // The mock server knows only Main's certificate: it refuses to hold Other's.
    expect(await services.cabinet.block(ids.other, 'other-pass')).toMatchObject({ ca: 'refused', errorCode: 'ERR_CA_REJECTED', key: { status: 'blocked' } });
    await services.cabinet.setBlocked(ids.other, false);

    const offline = services.ca.profiles.list().find((candidate) => candidate.name === 'No CMP')!;
    const chosen = await services.cabinet.setCaProfile(ids.other, offline.id);
    expect(chosen).toMatchObject({ caProfileId: offline.id, caHold: false });
    expect(await services.cabinet.block(ids.other)).toMatchObject({ ca: 'notSent', key: { status: 'blocked' } });
    await services.cabinet.setBlocked(ids.other, false);
    expect((await services.cabinet.setCaProfile(ids.other, null)).caProfileId).toBeNull();
  });

  it("a temporary key takes its main key's profile (or the one chosen) and its request goes only there", async () => {
    await services.cabinet.setBlocked(ids.main, false);
    const offline = services.ca.profiles.list().find((candidate) => candidate.name === 'No CMP')!;
    await services.cabinet.setCaProfile(ids.main, offline.id);
    const inherited = await services.cabinet.makeTemporaryKey({ parentId: ids.main, storage: 'file', period: 'day', parentSecret: 'main-pass', newSecret: 'temp-pass' });
    expect(inherited.caProfileId).toBe(offline.id);
    // Its profile has no CMP: the request stays for export although another profile has CMP.
    expect(await services.cabinet.sendRequest({ keyId: inherited.id, parentSecret: 'main-pass', secret: 'temp-pass' })).toMatchObject({ sent: false });
    // Renewal too: a kur only for a key whose CA has CMP; here the renewal request is made for export.
    expect(await services.cabinet.renew(ids.main, 'main-pass')).toMatchObject({ purpose: 'renewal', sent: false });
    const live = services.ca.profiles.list().find((candidate) => candidate.name === 'Test CA')!;
    const chosen = await services.cabinet.makeTemporaryKey({ parentId: ids.main, storage: 'file', period: 'day', parentSecret: 'main-pass', newSecret: 'temp-pass', caProfileId: live.id });
    expect(chosen.caProfileId).toBe(live.id);
    expect(await codeOf(services.cabinet.makeTemporaryKey({ parentId: ids.main, storage: 'file', period: 'day', parentSecret: 'main-pass', newSecret: 'temp-pass', caProfileId: 'gone' }))).toBe('ERR_NOT_FOUND');
  });

  it("Check status uses the key's profile's OCSP address (the certificate names none)", async () => {
    const responder = await startOpensslServer((port) => ['ocsp', '-index', ca.ca.indexFile, '-port', String(port), '-rsigner', ca.ca.cert, '-rkey', ca.ca.key, '-CA', ca.ca.cert, '-ndays', '1'], dir);
    try {
      await services.cabinet.setCaProfile(ids.other, null);
      const without = await services.cabinet.checkStatus(ids.other);
      expect(without.status).not.toBe('good');
      const withOcsp = await profile('OCSP CA', null, { ocspUrl: `http://127.0.0.1:${responder.port}/` });
      await services.cabinet.setCaProfile(ids.other, withOcsp.id);
      expect(await services.cabinet.checkStatus(ids.other)).toMatchObject({ status: 'good', source: 'ocsp' });
    } finally {
      await responder.stop();
    }
  });
});
