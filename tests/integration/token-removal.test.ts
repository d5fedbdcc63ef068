import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService, type TokenChange } from '../../main/core/token';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';

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
    const key = await tokens.openSigningKey(generated.uri);
    const digest = crypto.createHash('sha256').update('x').digest();
    await key.sign(digest, { hash: 'SHA-256' });

    const plugBack = hsm.removeToken();
    await expect(key.sign(digest, { hash: 'SHA-256' })).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_PRESENT' });
    await expect(tokens.login(token, hsm.pin)).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_PRESENT' });
    expect((await tokens.listTokens()).map((info) => info.label)).not.toContain('Removable');
    await expect(tokens.findToken({ label: 'Removable' })).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_FOUND' });

    plugBack();
    const back = await tokens.findToken({ label: 'Removable' });
    expect(back.serial).toBe(token.serial);
    // The old session died with the token: the key asks for a login, and works once there is one.
    await expect(key.sign(digest, { hash: 'SHA-256' })).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    await tokens.login(back, hsm.pin);
    const signature = await key.sign(digest, { hash: 'SHA-256' });
    const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
    expect(crypto.verify('sha256', Buffer.from('x'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    const reopened = await tokens.openSigningKey(generated.uri, hsm.pin);
    expect(crypto.verify('sha256', Buffer.from('x'), { key: publicKey, dsaEncoding: 'der' }, await reopened.sign(digest, { hash: 'SHA-256' }))).toBe(true);
  });

  it('reports removal and insertion through the watcher and drops the cached session', async () => {
    const token = await tokens.findToken({ label: 'Removable' });
    await tokens.login(token, hsm.pin);
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
    // The session cached before the removal was dropped: private objects need a new login.
    const keys = await tokens.listKeys(token);
    expect(keys).toEqual([]);
    await tokens.login(token, hsm.pin);
    expect((await tokens.listKeys(token)).length).toBeGreaterThan(0);
  });
});
