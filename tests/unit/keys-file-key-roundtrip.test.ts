import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readKeyContainer } from '../../main/core/keys/containers';
import { encryptPrivateKey, writePkcs12 } from '../../main/core/keys/file-key';
import { bmpPassword } from '../../main/core/keys/file-key/pkcs12-kdf';

// Low iteration counts keep these property runs fast; the real counts are checked against OpenSSL in
// tests/integration/keys-file-key.test.ts.
const ITERATIONS = 1000;
const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
const spki = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });

function spkiOfInfo(privateKeyInfo: Uint8Array): Buffer {
  return crypto.createPublicKey(crypto.createPrivateKey({ key: Buffer.from(privateKeyInfo), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
}

describe('encrypted PKCS#8 round trip', () => {
  it('opens with the password it was written with and with no other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 40 }), async (password, other) => {
        fc.pre(password !== other);
        const der = await encryptPrivateKey(pkcs8, password, ITERATIONS);
        const opened = await readKeyContainer(der, password);
        expect(opened.format).toBe('pkcs8-encrypted');
        expect(spkiOfInfo(opened.keys[0]!.privateKeyInfo).equals(spki)).toBe(true);
        await expect(readKeyContainer(der, other)).rejects.toMatchObject({ code: 'ERR_PASSWORD_INCORRECT' });
      }),
      { numRuns: 15 },
    );
  });

  it('reports truncated or garbage input as ERR_KEY_FILE_CORRUPT or unknown', async () => {
    const der = await encryptPrivateKey(pkcs8, 'pw', ITERATIONS);
    await expect(readKeyContainer(der.subarray(0, 40), 'pw')).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_KEY_FILE_(CORRUPT|UNKNOWN)$/) });
    await expect(readKeyContainer(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), 'pw')).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_KEY_FILE_(CORRUPT|UNKNOWN)$/) });
  });
});

describe('PKCS#12 round trip', () => {
  it('keeps the key, the friendly name and no certificate when none was given', async () => {
    const p12 = await writePkcs12({ privateKeyInfo: pkcs8, publicKeySpki: spki, friendlyName: 'Ключ' }, 'пароль', ITERATIONS);
    const contents = await readKeyContainer(p12, 'пароль');
    expect(contents.format).toBe('pkcs12');
    expect(contents.keys).toHaveLength(1);
    expect(contents.keys[0]!.alias).toBe('Ключ');
    expect(contents.certificates).toEqual([]);
    expect(spkiOfInfo(contents.keys[0]!.privateKeyInfo).equals(spki)).toBe(true);
    await expect(readKeyContainer(p12, 'Пароль')).rejects.toMatchObject({ code: 'ERR_PASSWORD_INCORRECT' });
  });
});

describe('bmpPassword', () => {
  it('encodes UTF-16BE with a two-byte terminator', () => {
    expect(Buffer.from(bmpPassword('Aй')).toString('hex')).toBe('004104390000');
  });
});
