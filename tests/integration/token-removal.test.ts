import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService, type TokenChange } from '../../main/core/token';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { openTokenKey, signWith } from '../helpers/signing';

const missing = missingTools(['softhsm2-util', SOFTHSM_MODULE]);

describe.skipIf(missing)('a token that goes away and comes back (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let tokens: TokenService;

  beforeAll(() => {
    hsm = createSoftHsm({ label: 'Removable' });
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false, watchIntervalMs: 50 });
  });

  afterAll(async () => {
    await tokens?.close();
    hsm?.cleanup();
  });

  it('gives ERR_TOKEN_NOT_PRESENT while a session is cached, then works again when it returns', async () => {
    const token = await tokens.findToken({ label: 'Removable' });
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'k', pin: hsm.pin });
    const key = await openTokenKey(tokens, generated.uri, hsm.pin);
    const signed = Buffer.from('x');
    await signWith(key, signed);

    const plugBack = hsm.removeToken();
    await expect(signWith(key, signed)).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_PRESENT' });
    await expect(tokens.verifyPin(token, hsm.pin)).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_PRESENT' });
    expect((await tokens.listTokens()).map((info) => info.label)).not.toContain('Removable');
    await expect(tokens.findToken({ label: 'Removable' })).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_FOUND' });

    plugBack();
    const back = await tokens.findToken({ label: 'Removable' });
    expect(back.serial).toBe(token.serial);
    // The old session and its login died with the token: the old key object asks for a login, even after a PIN was
    // proved elsewhere; opening the key again with its PIN works.
    await expect(signWith(key, signed)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    await tokens.verifyPin(back, hsm.pin);
    await expect(signWith(key, signed)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
    const reopened = await openTokenKey(tokens, generated.uri, hsm.pin);
    expect(crypto.verify('sha256', Buffer.from('x'), { key: publicKey, dsaEncoding: 'der' }, await signWith(reopened, signed))).toBe(true);
  });

  it('reports removal and insertion through the watcher and drops the cached session', async () => {
    const token = await tokens.findToken({ label: 'Removable' });
    const held = await openTokenKey(tokens, `pkcs11:token=Removable;object=k?module-path=${hsm.modulePath}`, hsm.pin);
    const changes: TokenChange[] = [];
    const waitFor = (type: TokenChange['type']) =>
      new Promise<TokenChange>((resolve) => {
        const stop = tokens.onChange((change) => {
          changes.push(change);
          if (change.type === type && change.token.label === 'Removable') {
            stop();
            resolve(change);
          }
        });
      });

    const removed = waitFor('removed');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the watcher's first poll is its baseline
    const plugBack = hsm.removeToken();
    expect((await removed).token.serial).toBe(token.serial);

    const inserted = waitFor('inserted');
    await new Promise((resolve) => setTimeout(resolve, 200));
    plugBack();
    expect((await inserted).token.serial).toBe(token.serial);
    // The session cached before the removal was dropped with its login: private objects need the PIN again.
    const keys = await tokens.listKeys(token);
    expect(keys).toEqual([]);
    expect((await tokens.listKeys(token, hsm.pin)).length).toBeGreaterThan(0);
    await held.close();
  });
});
