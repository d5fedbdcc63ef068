import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NodeSigningKey } from '../../main/core/keys/node-signing-key';

const message = Buffer.from('signed attributes stand-in');
const hashes = [
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
] as const;

describe('NodeSigningKey signs a precomputed digest', () => {
  for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
    it(`ECDSA ${curve}: node verifies the message the digest came from`, async () => {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
      const key = new NodeSigningKey('file:test', privateKey);
      for (const [hash, nodeHash] of hashes) {
        for (let round = 0; round < 5; round++) {
          const signature = await key.sign(crypto.createHash(nodeHash).update(message).digest(), { hash });
          expect(crypto.verify(nodeHash, message, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
          expect(crypto.verify(nodeHash, Buffer.from('other'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);
        }
      }
    });
  }

  it('RSA PKCS#1 v1.5 and PSS (salt = hash length)', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = new NodeSigningKey('file:test', privateKey);
    for (const [hash, nodeHash] of hashes) {
      const digest = crypto.createHash(nodeHash).update(message).digest();
      expect(crypto.verify(nodeHash, message, publicKey, await key.sign(digest, { hash }))).toBe(true);
      const pss = await key.sign(digest, { hash, padding: 'pss' });
      const pssKey = { key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length };
      expect(crypto.verify(nodeHash, message, pssKey, pss)).toBe(true);
      expect(crypto.verify(nodeHash, Buffer.from('other'), pssKey, pss)).toBe(false);
    }
  });
});
