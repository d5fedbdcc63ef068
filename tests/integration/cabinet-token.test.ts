import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CabinetService, TokenServicePort } from '../../main/core/cabinet/index';
import { openDatabase, type Db } from '../../main/core/storage/database';
import { TokenService } from '../../main/core/token/index';
import { CabinetTestCa } from '../helpers/cabinet-ca';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { codeOf } from '../helpers/outcome';

describe.skipIf(missingTools(['openssl', 'softhsm2-util', 'pkcs11-tool', SOFTHSM_MODULE]))('cabinet keys on a SoftHSM2 token', () => {
  let hsm: SoftHsm;
  let dir: string;
  let db: Db;
  let tokens: TokenService;
  let cabinet: CabinetService;
  let ca: CabinetTestCa;
  let mainId: string;

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Cabinet Token' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cabinet-token-'));
    db = openDatabase(path.join(dir, 'signdesk.db'));
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    cabinet = new CabinetService({ db, keysDir: path.join(dir, 'keys'), tokens: new TokenServicePort(() => tokens) });
    ca = new CabinetTestCa(path.join(dir, 'ca'));
    const main = await cabinet.newKeyRequest({ keyType: 'ec-p256', storage: 'file', name: 'Main', password: 'main-pass', entropy: crypto.randomBytes(48).toString('base64'), reference: 'REF-1', phone: '+380501234567' });
    mainId = main.id;
    await cabinet.bindCertificate({ keyId: mainId, pem: ca.issue(cabinet.request(mainId).pem, { days: 5 }) });
  });

  afterAll(async () => {
    await tokens?.close();
    db?.close();
    hsm?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('detects the token', async () => {
    expect(await cabinet.detectTokens()).toMatchObject({ libraryMissing: false, tokens: [{ label: 'Cabinet Token' }] });
  });

  it('a wrong current PIN is refused with ERR_PIN_INCORRECT and nothing is added', async () => {
    const before = (await cabinet.list()).length;
    const code = await codeOf(
      cabinet.makeTemporaryKey({ parentId: mainId, storage: 'token', period: 'month', parentSecret: 'main-pass', newSecret: '654321', tokenPin: '000000', tokenLabel: 'Cabinet Token' }),
    );
    expect(code).toBe('ERR_PIN_INCORRECT');
    expect((await cabinet.list()).length).toBe(before);
  });

  it('a temporary hardware key: non-extractable on the token, capped validity, certificate written to the token', async () => {
    const main = await cabinet.key(mainId);
    const temporary = await cabinet.makeTemporaryKey({ parentId: mainId, storage: 'token', period: 'month', parentSecret: 'main-pass', newSecret: '654321', tokenPin: hsm.pin, tokenLabel: 'Cabinet Token' });
    expect(temporary).toMatchObject({ storage: 'token', storageLabel: 'Cabinet Token', status: 'awaitingCertificate', validityLimit: main.notAfter });
    expect(temporary.keyRef).toMatch(/^pkcs11:/);

    const objects = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', 'Cabinet Token', '--login', '--pin', '654321', '-O'], { env: hsm.env }).toString();
    expect(objects).toMatch(/Private Key Object[\s\S]*never extractable/);

    const pem = ca.issue(cabinet.request(temporary.id).pem, { endDate: new Date(main.notAfter!) });
    await cabinet.bindCertificate({ keyId: temporary.id, pem, secret: '654321' });
    expect((await cabinet.key(temporary.id)).status).toBe('active');
    const after = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', 'Cabinet Token', '--login', '--pin', '654321', '-O'], { env: hsm.env }).toString();
    expect(after).toContain('Certificate Object');
    expect(await cabinet.testSign(temporary.id, '654321')).toEqual({ signed: true });
  });

  it('a new key request on the token seeds it with the entropy and waits for its certificate', async () => {
    const key = await cabinet.newKeyRequest({
      keyType: 'ec-p256',
      storage: 'token',
      tokenLabel: 'Cabinet Token',
      password: '654321',
      entropy: crypto.randomBytes(64).toString('base64'),
      reference: 'REF-TOKEN-7',
      phone: '+380671112233',
    });
    expect(key).toMatchObject({ storage: 'token', status: 'awaitingCertificate' });
    expect(cabinet.request(key.id).attributes).toContainEqual({ name: 'unstructuredName', value: 'REF-TOKEN-7' });
  });

  it('a token key shows as "token absent" while its token is unplugged', async () => {
    const tokenKeys = async () => (await cabinet.list()).filter((key) => key.storage === 'token');
    expect((await tokenKeys()).every((key) => key.status !== 'tokenAbsent')).toBe(true);
    const plugBack = hsm.removeToken('Cabinet Token');
    try {
      const absent = await tokenKeys();
      expect(absent.length).toBeGreaterThan(0);
      expect(absent.every((key) => key.status === 'tokenAbsent')).toBe(true);
    } finally {
      plugBack();
    }
    // Seeing it again needs SoftHSM2 re-initialised, which the token layer does only with no session open:
    // the e2e wizard test covers re-plugging with an idle module.
  });
});

describe('token detection without any token library', () => {
  it('says the library is missing (the wizard then tells what to install)', async () => {
    const tokens = new TokenService({ modulePaths: ['/nonexistent/libvendor-pkcs11.so'], includeKnownModules: false });
    try {
      expect(await new TokenServicePort(() => tokens).detect()).toEqual({ libraryMissing: true, tokens: [] });
    } finally {
      await tokens.close();
    }
  });
});
