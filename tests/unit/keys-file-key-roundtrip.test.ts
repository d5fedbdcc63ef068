import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptPrivateKey, encryptPrivateKey, readPkcs12, writePkcs12 } from '../../main/core/keys/file-key';
import { bmpPassword } from '../../main/core/keys/file-key/pkcs12-kdf';

// Low iteration counts keep these property runs fast; the real counts are checked against OpenSSL in
// tests/integration/keys-file-key.test.ts.
const ITERATIONS = 1000;
const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });

describe('encrypted PKCS#8 round trip', () => {
  it('opens with the password it was written with and with no other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 40 }), async (password, other) => {
        fc.pre(password !== other);
        const der = await encryptPrivateKey(privateKey, password, ITERATIONS);
        const opened = await decryptPrivateKey(der, password);
        expect(crypto.createPublicKey(opened).export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
        await expect(decryptPrivateKey(der, other)).rejects.toMatchObject({ code: 'ERR_PASSWORD_INCORRECT' });
      }),
      { numRuns: 15 },
    );
  });

  it('reports truncated or garbage input as ERR_KEY_FILE_CORRUPT', async () => {
    const der = await encryptPrivateKey(privateKey, 'pw', ITERATIONS);
    await expect(decryptPrivateKey(der.subarray(0, 40), 'pw')).rejects.toMatchObject({ code: 'ERR_KEY_FILE_CORRUPT' });
    await expect(decryptPrivateKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), 'pw')).rejects.toMatchObject({ code: 'ERR_KEY_FILE_CORRUPT' });
  });
});

describe('PKCS#12 round trip', () => {
  it('keeps the key, the friendly name and no certificate when none was given', async () => {
    const p12 = await writePkcs12({ privateKey, friendlyName: 'Ключ' }, 'пароль', ITERATIONS);
    const contents = await readPkcs12(p12, 'пароль');
    expect(contents.friendlyName).toBe('Ключ');
    expect(contents.certificate).toBeUndefined();
    expect(contents.chain).toEqual([]);
    expect(crypto.createPublicKey(contents.privateKey).export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
    await expect(readPkcs12(p12, 'Пароль')).rejects.toMatchObject({ code: 'ERR_PASSWORD_INCORRECT' });
  });
});

describe('bmpPassword', () => {
  it('encodes UTF-16BE with a two-byte terminator', () => {
    expect(Buffer.from(bmpPassword('Aй')).toString('hex')).toBe('004104390000');
  });
});
