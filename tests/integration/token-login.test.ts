import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService, type TokenInfo } from '../../main/core/token';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { openTokenKey, signWith } from '../helpers/signing';

const missing = missingTools(['softhsm2-util', SOFTHSM_MODULE]);

describe.skipIf(missing)('token login, PINs and lookup (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let tokens: TokenService;
  let token: TokenInfo;

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Login' });
    hsm.initToken('Second', { pin: '222222' });
    hsm.initToken('Twin');
    hsm.initToken('Twin');
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    token = await tokens.findToken({ label: 'Login' });
  });

  afterAll(async () => {
    await tokens?.close();
    hsm?.cleanup();
  });

  it('lists tokens with their descriptions and flags', async () => {
    const list = await tokens.listTokens();
    const login = list.find((info) => info.label === 'Login');
    expect(login).toMatchObject({ manufacturer: 'SoftHSM project', modulePath: hsm.modulePath, serial: token.serial });
    expect(login!.model).toMatch(/SoftHSM/);
    expect(login!.flags).toMatchObject({ tokenInitialized: true, loginRequired: true, userPinInitialized: true, protectedAuthPath: false, pinLocked: false, pinFinalTry: false });
    expect(typeof login!.slotId).toBe('number');
  });

  it('finds tokens by label or serial, and says when none or several match', async () => {
    expect((await tokens.findToken({ serial: token.serial })).label).toBe('Login');
    expect((await tokens.findToken({ label: 'Second', modulePath: hsm.modulePath })).label).toBe('Second');
    expect((await tokens.findToken({ label: 'Login', moduleName: 'softhsm2' })).serial).toBe(token.serial);
    await expect(tokens.findToken({ label: 'Nobody' })).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_FOUND' });
    await expect(tokens.findToken({ label: 'Twin' })).rejects.toMatchObject({ code: 'ERR_TOKEN_AMBIGUOUS' });
  });

  it('reports a wrong PIN as ERR_PIN_INCORRECT with the tries-left hint, without retrying', async () => {
    const error = await tokens.verifyPin(token, '000000').catch((caught: unknown) => caught);
    // SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a failed login: the flags are re-read after the failure.
    expect(error).toMatchObject({ code: 'ERR_PIN_INCORRECT', details: { triesLeft: 'low', pinCountLow: true, pinFinalTry: false } });
    expect((await tokens.findToken({ label: 'Login' })).flags.pinCountLow).toBe(true);
    expect(String((error as Error).message)).not.toContain('000000');
  });

  it('proves every PIN it is given: after a correct login a wrong PIN is refused, and nothing opens without one', async () => {
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'proof', pin: hsm.pin });
    await tokens.verifyPin(token, hsm.pin);
    await tokens.verifyPin(token, hsm.pin);
    // Each of these used to pass as "already logged in" once the token had been logged in with the right PIN.
    await expect(tokens.verifyPin(token, '000000')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT', details: { triesLeft: expect.any(String) } });
    const right = await openTokenKey(tokens, generated.uri, hsm.pin);
    await right.close();
    await expect(openTokenKey(tokens, generated.uri, '000000')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    await expect(openTokenKey(tokens, generated.uri)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    await expect(tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'proof-2', pin: '000000' })).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    await expect(tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'proof-3' })).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    // Once the last operation ends the token is logged out: private keys are not even listed.
    expect(await tokens.listKeys(token)).toEqual([]);
  });

  it('while a key is open, another operation must give the same PIN; a different one is refused without disturbing it', async () => {
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'overlap', pin: hsm.pin });
    const open = await openTokenKey(tokens, generated.uri, hsm.pin);
    const signed = Buffer.from('x');
    await expect(openTokenKey(tokens, generated.uri, '000000')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    await expect(openTokenKey(tokens, generated.uri)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    const second = await openTokenKey(tokens, generated.uri, hsm.pin);
    await second.close();
    // The first key still signs: the refused attempts and the second key's end did not log the token out.
    expect(crypto.verify('sha256', Buffer.from('x'), { key: crypto.createPublicKey({ key: Buffer.from(open.publicKeySpki), format: 'der', type: 'spki' }), dsaEncoding: 'der' }, await signWith(open, signed))).toBe(true);
    await open.close();
    await expect(signWith(open, signed)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    expect(await tokens.listKeys(token)).toEqual([]);
  });

  it('asks for a PIN when the token has no PIN pad', async () => {
    await expect(tokens.verifyPin(token, null)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
  });

  it('changes the PIN with C_SetPIN', async () => {
    const second = await tokens.findToken({ label: 'Second' });
    await expect(tokens.changePin(second, '999999', '333333')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    await tokens.changePin(second, '222222', '333333');
    await expect(tokens.verifyPin(second, '222222')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    await tokens.verifyPin(second, '333333');
  });

  it('reads the PIN from a pin-source file in the URI', async () => {
    const key = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'pinfile', pin: hsm.pin });
    const pinFile = path.join(hsm.dir, 'pin.txt');
    fs.writeFileSync(pinFile, `${hsm.pin}\n`);
    const signingKey = await openTokenKey(tokens, `pkcs11:token=Login;object=pinfile?pin-source=file:${pinFile}`);
    expect(signingKey.ref).toBe(key.uri);
    await expect(signWith(signingKey, 'x')).resolves.toBeInstanceOf(Uint8Array);
  });

  it('reports a missing or broken library as ERR_MODULE_LOAD_FAILED naming the path', async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-broken-')), 'libbroken.so');
    fs.writeFileSync(broken, 'not a shared object');
    for (const modulePath of ['/nonexistent/libpkcs11.so', broken]) {
      const service = new TokenService({ modulePaths: [modulePath], includeKnownModules: false });
      const error = await service.listTokens().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ERR_MODULE_LOAD_FAILED', details: { modulePath } });
      expect((error as Error).message).toContain(modulePath);
      await expect(service.findToken({ label: 'x', modulePath })).rejects.toMatchObject({ code: 'ERR_MODULE_LOAD_FAILED' });
      expect((await service.listModules())[0]).toMatchObject({ loaded: false, error: { code: 'ERR_MODULE_LOAD_FAILED' } });
      await service.close();
    }
    fs.rmSync(path.dirname(broken), { recursive: true, force: true });
  });

  it('shares one initialised module between services in the process', async () => {
    const other = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    expect((await other.findToken({ label: 'Login' })).serial).toBe(token.serial);
    await other.close();
    // The first service still works: closing the second did not finalise the shared library.
    await tokens.verifyPin(token, hsm.pin);
  });
});
