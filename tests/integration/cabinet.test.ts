import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CabinetService, hashAccessToken } from '../../main/core/cabinet/index';
import { openDatabase, type Db } from '../../main/core/storage/database';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { missingTools } from '../helpers/require-tools';
import { codeOf } from '../helpers/outcome';

const DAY = 24 * 60 * 60 * 1000;
const entropy = crypto.randomBytes(64).toString('base64');

/** `openssl req -verify` exits 0 either way: read what it says. */
function opensslVerifiesRequest(pem: string): boolean {
  const result = spawnSync('openssl', ['req', '-verify', '-noout'], { input: pem });
  return `${result.stdout}${result.stderr}`.includes('verify OK');
}

describe.skipIf(missingTools(['openssl']))('cabinet service with file keys and a test CA', () => {
  let dir: string;
  let db: Db;
  let cabinet: CabinetService;
  let ca: CabinetTestCa;
  let mainId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cabinet-'));
    db = openDatabase(path.join(dir, 'signdesk.db'));
    cabinet = new CabinetService({ db, keysDir: path.join(dir, 'keys') });
    ca = new CabinetTestCa(path.join(dir, 'ca'));
    const key = await cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name: 'Main', password: 'main-pass', entropy, reference: 'REF-2026-001', caAddress: 'https://ca.example.ua/cmp', phone: '+380501234567' });
    mainId = key.id;
  });

  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a new request waits for its certificate and shows the reference; the entropy is recorded only as a digest', async () => {
    const [key] = await cabinet.list();
    expect(key).toMatchObject({ id: mainId, status: 'awaitingCertificate', storage: 'file', hasRequest: true, hasCertificate: false });
    const request = cabinet.request(mainId);
    expect(request.subject).toBe('CN=Main');
    expect(request.attributes).toContainEqual({ name: 'unstructuredName', value: 'REF-2026-001' });
    expect(request.attributes).toContainEqual({ name: 'caAddress', value: 'https://ca.example.ua/cmp' });
    expect(request.pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    // OpenSSL checks the request's self-signature independently.
    expect(opensslVerifiesRequest(request.pem)).toBe(true);
    const row = db.prepare('SELECT entropy_sha256 FROM cabinet_keys WHERE id = ?').get(mainId) as { entropy_sha256: string };
    expect(row.entropy_sha256).toBe(crypto.createHash('sha256').update(Buffer.from(entropy, 'base64')).digest('hex'));
  });

  it('binds the issued certificate and lists the key with its identifiers', async () => {
    const otherKey = ca.ca.newKey('other');
    const otherCsr = execFileSync('openssl', ['req', '-new', '-key', otherKey, '-subj', '/CN=other']).toString();
    expect(await codeOf(cabinet.bindCertificate({ keyId: mainId, pem: ca.issue(otherCsr) }))).toBe('ERR_CERT_KEY_MISMATCH');

    await cabinet.bindCertificate({ keyId: mainId, pem: ca.issue(cabinet.request(mainId).pem, { days: 3 }) });
    const key = (await cabinet.list()).find((item) => item.id === mainId)!;
    expect(key).toMatchObject({ status: 'active', owner: 'Олена Петренко', organisation: 'ТОВ Ромашка', edrpou: '12345678', rnokpp: '1234567890', position: 'Бухгалтер' });
    const view = cabinet.certificate(mainId);
    expect(view.chain).toHaveLength(2);
    expect(view.keyUsage).toContain('digitalSignature');
  });

  it('a blocked key cannot sign, whoever asks; activated again it can', async () => {
    await cabinet.setBlocked(mainId, true);
    expect((await cabinet.key(mainId)).status).toBe('blocked');
    expect(await codeOf(cabinet.testSign(mainId, 'main-pass'))).toBe('ERR_KEY_BLOCKED');
    expect(await codeOf(cabinet.openSigningKey(mainId, 'main-pass'))).toBe('ERR_KEY_BLOCKED');
    const keyRef = (await cabinet.key(mainId)).keyRef;
    expect(await codeOf(() => cabinet.assertMaySign(keyRef))).toBe('ERR_KEY_BLOCKED');
    await cabinet.setBlocked(mainId, false);
    expect(await cabinet.testSign(mainId, 'main-pass')).toEqual({ signed: true });
    expect(await codeOf(cabinet.testSign(mainId, 'wrong-pass'))).toMatch(/^ERR_PASSWORD_INCORRECT$/);
  });

  it('access tokens are shown once, stored only as a hash, scoped to the key and revocable', () => {
    const { token, info } = cabinet.createAccessToken(mainId, 'local API');
    expect(token).toMatch(/^sdk_[A-Za-z0-9_-]{43}$/);
    const rows = db.prepare('SELECT * FROM cabinet_access_tokens').all() as Array<Record<string, unknown>>;
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect(rows[0]!.hash).toBe(hashAccessToken(token));
    expect(cabinet.accessTokens.verify(token)).toBe(mainId);
    expect(cabinet.listAccessTokens(mainId).map((item) => item.id)).toEqual([info.id]);
    expect(cabinet.revokeAccessToken(info.id).revoked).not.toBeNull();
    expect(() => cabinet.accessTokens.verify(token)).toThrow(expect.objectContaining({ code: 'ERR_UNAUTHORIZED' }));
    expect(() => cabinet.accessTokens.verify('sdk_' + 'A'.repeat(43))).toThrow(expect.objectContaining({ code: 'ERR_UNAUTHORIZED' }));
  });

  it('a temporary file key never outlasts the main certificate', async () => {
    const main = await cabinet.key(mainId);
    const preview = cabinet.previewValidity(mainId, 'month');
    expect(preview.capped).toBe(true);
    expect(preview.notAfter).toBe(main.notAfter);
    expect(cabinet.previewValidity(mainId, 'day').capped).toBe(false);

    expect(await codeOf(cabinet.makeTemporaryKey({ parentId: mainId, storage: 'file', period: 'week', parentSecret: 'nope', newSecret: 'temp-pass' }))).toBe('ERR_PASSWORD_INCORRECT');
    const temporary = await cabinet.makeTemporaryKey({ parentId: mainId, storage: 'file', period: 'week', parentSecret: 'main-pass', newSecret: 'temp-pass' });
    expect(temporary).toMatchObject({ status: 'awaitingCertificate', parentId: mainId, validityLimit: main.notAfter });
    expect(cabinet.request(temporary.id).subject).toBe(cabinet.certificate(mainId).subject);

    const tooLong = ca.issue(cabinet.request(temporary.id).pem, { days: 10 });
    expect(await codeOf(cabinet.bindCertificate({ keyId: temporary.id, pem: tooLong }))).toBe('ERR_VALIDITY_EXCEEDS_MAIN');
    await cabinet.bindCertificate({ keyId: temporary.id, pem: ca.issue(cabinet.request(temporary.id).pem, { endDate: new Date(main.notAfter!) }) });
    const issued = await cabinet.key(temporary.id);
    expect(issued.status).toBe('active');
    expect(new Date(issued.notAfter!).getTime()).toBeLessThanOrEqual(new Date(main.notAfter!).getTime());
  });

  it('renewal makes a new request signed by the current key', async () => {
    const renewal = await cabinet.renew(mainId, 'main-pass');
    expect(renewal.purpose).toBe('renewal');
    expect(renewal.subject).toBe(cabinet.certificate(mainId).subject);
    expect(opensslVerifiesRequest(renewal.pem)).toBe(true);
  });

  it('exports the certificates as PEM, DER and P7B that OpenSSL reads', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'export-'));
    const { files } = await cabinet.exportCertificates(mainId, out, ['pem', 'der', 'p7b']);
    expect(files.map((file) => path.extname(file))).toEqual(['.pem', '.cer', '.p7b']);
    const printed = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', files[2]!, '-print_certs', '-noout']).toString();
    expect(printed.match(/subject=/g)).toHaveLength(2);
    execFileSync('openssl', ['x509', '-inform', 'DER', '-in', files[1]!, '-noout']);
    expect(await codeOf(cabinet.exportCertificates(mainId, path.join(out, 'missing'), ['pem']))).toBe('ERR_FILE_NOT_FOUND');
  });

  it('status check says why it cannot run without a revocation service; password change keeps the key', async () => {
    expect(await cabinet.checkStatus(mainId)).toMatchObject({ status: 'unavailable', reason: 'noService' });
    // The same rule as the wizards: a 3-character password is refused before the key file is touched.
    expect(await codeOf(cabinet.changeSecret(mainId, 'main-pass', 'abc'))).toBe('ERR_INPUT_INVALID');
    expect(await cabinet.testSign(mainId, 'main-pass')).toEqual({ signed: true });
    await cabinet.changeSecret(mainId, 'main-pass', 'new-main-pass');
    expect(await codeOf(cabinet.testSign(mainId, 'main-pass'))).toBe('ERR_PASSWORD_INCORRECT');
    expect(await cabinet.testSign(mainId, 'new-main-pass')).toEqual({ signed: true });
  });

  it('an expired main certificate cannot authorise a temporary key', async () => {
    const later = new CabinetService({ db, keysDir: path.join(dir, 'keys'), now: () => new Date(Date.now() + 10 * DAY) });
    expect((await later.key(mainId)).status).toBe('expired');
    expect(await codeOf(() => later.previewValidity(mainId, 'day'))).toBe('ERR_CERT_EXPIRED');
  });
});
