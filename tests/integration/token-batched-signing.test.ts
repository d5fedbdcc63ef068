import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../main/core/token';
import type { SigningKey } from '../../main/core/crypto';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { openTokenKey, signWith } from '../helpers/signing';

const missing = missingTools(['softhsm2-util', SOFTHSM_MODULE]);

function verifies(key: SigningKey, data: Buffer, signature: Uint8Array): boolean {
  const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
  return crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature);
}

// Signatures asked for together are made in shared module tasks (TokenKeySigner): each caller must get its own
// signature, and a failure must reach every caller instead of leaving one waiting.
describe.skipIf(missing)('many signatures asked for at once on one token key (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let tokens: TokenService;

  beforeAll(() => {
    hsm = createSoftHsm({ label: 'Batched' });
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
  });

  afterAll(async () => {
    await tokens?.close();
    hsm?.cleanup();
  });

  it('gives each of 400 concurrent callers a valid signature over its own digest', async () => {
    const token = await tokens.findToken({ label: 'Batched' });
    const key = await openTokenKey(tokens, (await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'many', pin: hsm.pin })).uri, hsm.pin);
    const documents = Array.from({ length: 400 }, (_, index) => Buffer.from(`document ${index}`));
    const signatures = await Promise.all(documents.map((data) => signWith(key, data)));
    documents.forEach((data, index) => expect(verifies(key, data, signatures[index]!)).toBe(true));
    // A signature checked against another caller's document fails: no answers were swapped.
    expect(verifies(key, documents[1]!, signatures[0]!)).toBe(false);
  });

  it('rejects every waiting caller when the token is gone; once it is back the key must be opened with its PIN again', async () => {
    const token = await tokens.findToken({ label: 'Batched' });
    const key = await openTokenKey(tokens, (await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'removed', pin: hsm.pin })).uri, hsm.pin);
    const signed = Buffer.from('x');
    await signWith(key, signed);

    const plugBack = hsm.removeToken();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => signWith(key, signed)));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: expect.stringMatching(/^ERR_TOKEN_NOT_(PRESENT|FOUND)$/) });
    }

    plugBack();
    // The login went with the token: the old key object cannot sign, not even after another login elsewhere.
    await tokens.verifyPin(await tokens.findToken({ label: 'Batched' }), hsm.pin);
    await expect(signWith(key, signed)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    const reopened = await openTokenKey(tokens, key.ref, hsm.pin);
    const again = await Promise.all(Array.from({ length: 20 }, () => signWith(reopened, signed)));
    for (const signature of again) expect(verifies(reopened, Buffer.from('x'), signature)).toBe(true);
    await reopened.close();
  });
});
