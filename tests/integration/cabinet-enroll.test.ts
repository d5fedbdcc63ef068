import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/core/secrets';
import { createServices, type Services } from '../../main/core/services';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { codeOf } from '../helpers/outcome';

const REFERENCE = 'REF-2026-0042';
const ONE_TIME_SECRET = 'one-time-7Q4K';
const PASSWORD = 'new-key-pass-1';

/** The new key wizard against OpenSSL's CMP mock server: ir protected by the reference number and the CA's one-time secret. */
describe.skipIf(missingTools(['openssl']))('new key enrolment (CMP ir, OpenSSL mock server)', () => {
  let dir: string;
  let services: Services;
  let ca: CabinetTestCa;
  const servers: RunningServer[] = [];

  const newKey = (extra: { caAddress?: string } = {}) =>
    services.cabinet.newKeyRequest({
      keyType: 'ec-p256',
      storage: 'file',
      name: 'Ключ Петренко',
      password: PASSWORD,
      entropy: crypto.randomBytes(64).toString('base64'),
      reference: REFERENCE,
      phone: '+380501234567',
      fullName: 'Петренко Олена Іванівна',
      rnokpp: '1234567890',
      email: 'olena@example.ua',
      ...extra,
    });

  /** Issues the certificate for the key's request and starts the mock CA that hands it out for REFERENCE. */
  async function mockCa(keyId: string): Promise<string> {
    const issued = ca.issue(services.cabinet.request(keyId).pem, { days: 30 });
    const certFile = path.join(dir, `${keyId}.pem`);
    fs.writeFileSync(certFile, issued.slice(0, issued.indexOf('-----END CERTIFICATE-----') + 26));
    const server = await startOpensslServer(
      (port) => ['cmp', '-port', String(port), '-srv_ref', REFERENCE, '-srv_secret', `pass:${ONE_TIME_SECRET}`, '-srv_cert', ca.ca.cert, '-srv_key', ca.ca.key, '-rsp_capubs', ca.ca.cert, '-rsp_cert', certFile],
      dir,
    );
    servers.push(server);
    return `http://127.0.0.1:${server.port}/pkix/`;
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-enroll-'));
    services = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets: new MemorySecretStore() });
    ca = new CabinetTestCa(path.join(dir, 'ca'));
  });

  afterEach(async () => {
    while (servers.length > 0) await servers.pop()!.stop();
  });

  afterAll(async () => {
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the request carries the applicant, and without a CA the wizard is told what to configure', async () => {
    const key = await newKey();
    const request = services.cabinet.request(key.id);
    expect(request.subject).toContain('CN=Петренко Олена Іванівна');
    expect(request.subject).toContain('serialNumber=TINUA-1234567890');
    expect(request.subject).toContain('C=UA');
    expect(services.cabinet.enrollmentTarget({})).toEqual({ source: 'none', url: null, profileName: null });
    expect(await codeOf(services.cabinet.enroll({ keyId: key.id, secret: PASSWORD, oneTimeSecret: ONE_TIME_SECRET }))).toBe('ERR_CA_NOT_CONFIGURED');
  });

  it('ir to the CA address from the QR code: wrong one-time secret refused; the certificate is shown before it is accepted; declined, then accepted and the key signs', async () => {
    // The QR code names the CA; the key is made before the CA can issue its certificate.
    const placeholder = 'http://127.0.0.1:9/pkix/';
    const key = await newKey({ caAddress: placeholder });
    const url = await mockCa(key.id);
    services.cabinet.records.update(key.id, { caAddress: url });
    expect(services.cabinet.enrollmentTarget({ caAddress: url })).toEqual({ source: 'qr', url, profileName: null });

    expect(await codeOf(services.cabinet.enroll({ keyId: key.id, secret: PASSWORD, oneTimeSecret: 'not-the-secret' }))).toBe('ERR_CA_REJECTED');
    expect(await codeOf(services.cabinet.enroll({ keyId: key.id, secret: 'wrong-password', oneTimeSecret: ONE_TIME_SECRET }))).toBe('ERR_PASSWORD_INCORRECT');

    // Declined: the CA is told (certConf with rejection) and the key keeps waiting without a certificate.
    const first = await services.cabinet.enroll({ keyId: key.id, secret: PASSWORD, oneTimeSecret: ONE_TIME_SECRET });
    expect(first.subject).toContain('CN=Олена Петренко');
    expect(first.identifiers).toMatchObject({ RNOKPP: '1234567890' });
    expect((await services.cabinet.key(key.id)).status).toBe('awaitingCertificate');
    const declined = await services.cabinet.confirmEnrollment(key.id, false);
    expect(declined).toMatchObject({ status: 'awaitingCertificate', hasCertificate: false });
    expect(await codeOf(services.cabinet.confirmEnrollment(key.id, true))).toBe('ERR_NOT_FOUND');

    const review = await services.cabinet.enroll({ keyId: key.id, secret: PASSWORD, oneTimeSecret: ONE_TIME_SECRET });
    expect((await services.cabinet.key(key.id)).hasCertificate).toBe(false);
    const done = await services.cabinet.confirmEnrollment(key.id, true);
    expect(done).toMatchObject({ status: 'active', hasCertificate: true, owner: 'Олена Петренко' });
    expect(services.cabinet.certificate(key.id).fingerprintSha256).toBe(review.fingerprintSha256);
    expect(services.cabinet.request(key.id).sent).toBe(true);
    expect(await services.cabinet.testSign(key.id, PASSWORD)).toEqual({ signed: true });

    // The statement the key signed is kept: an attached CAdES that OpenSSL verifies against the CA, over a text that
    // names the owner and the accepted certificate; nothing is kept for the declined one.
    expect(done.statementPath).toBe(path.join(dir, 'data', 'statements', `Заява ${done.name} ${new Date().toISOString().slice(0, 10)}.txt.p7s`));
    expect(fs.readdirSync(path.join(dir, 'data', 'statements')).sort()).toEqual([path.basename(done.statementPath!, '.p7s'), path.basename(done.statementPath!)]);
    const signed = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', done.statementPath!, '-CAfile', ca.ca.cert, '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
    expect(signed).toBe(fs.readFileSync(done.statementPath!.slice(0, -'.p7s'.length), 'utf8'));
    expect(signed).toContain('Я, Олена Петренко, перевірив(ла) дані сертифіката');
    expect(signed).toContain(`SHA-256: ${review.fingerprintSha256}`);
    expect((await services.cabinet.key(key.id)).statementPath).toBe(done.statementPath);
  });

  it('ir to the chosen CA profile when the QR code names no CA', async () => {
    const key = await newKey();
    const url = await mockCa(key.id);
    const profile = await services.ca.profiles.save({ name: 'АЦСК Тест', cmpUrl: url, ocspUrl: null, crlUrls: [], tsaUrl: null, trustAnchors: [fs.readFileSync(ca.ca.cert, 'latin1')] });
    expect(services.cabinet.enrollmentTarget({ caProfileId: profile.id })).toEqual({ source: 'profile', url, profileName: 'АЦСК Тест' });
    await services.cabinet.enroll({ keyId: key.id, secret: PASSWORD, oneTimeSecret: ONE_TIME_SECRET });
    const done = await services.cabinet.confirmEnrollment(key.id, true);
    expect(done.status).toBe('active');
    // The CA's certificate came with it as the chain.
    expect(services.cabinet.certificate(key.id).chain).toHaveLength(2);
    await services.ca.profiles.delete(profile.id);
  });
});
