import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../main/core/token';
import type { SigningKey } from '../../main/core/keys/signing-key';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';

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
    const key = await tokens.openSigningKey((await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'many', pin: hsm.pin })).uri);
    const documents = Array.from({ length: 400 }, (_, index) => Buffer.from(`document ${index}`));
    const signatures = await Promise.all(documents.map((data) => key.sign(crypto.createHash('sha256').update(data).digest(), { hash: 'SHA-256' })));
    documents.forEach((data, index) => expect(verifies(key, data, signatures[index]!)).toBe(true));
    // A signature checked against another caller's document fails: no answers were swapped.
    expect(verifies(key, documents[1]!, signatures[0]!)).toBe(false);
  });

  it('rejects every waiting caller when the token is gone, and signs again once it is back', async () => {
    const token = await tokens.findToken({ label: 'Batched' });
    await tokens.login(token, hsm.pin);
    const key = await tokens.openSigningKey((await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'removed' })).uri);
    const digest = crypto.createHash('sha256').update('x').digest();
    await key.sign(digest, { hash: 'SHA-256' });

    const plugBack = hsm.removeToken();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => key.sign(digest, { hash: 'SHA-256' })));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: expect.stringMatching(/^ERR_TOKEN_NOT_(PRESENT|FOUND)$/) });
    }

    plugBack();
    await tokens.login(await tokens.findToken({ label: 'Batched' }), hsm.pin);
    const again = await Promise.all(Array.from({ length: 20 }, () => key.sign(digest, { hash: 'SHA-256' })));
    for (const signature of again) expect(verifies(key, Buffer.from('x'), signature)).toBe(true);
  });
});
