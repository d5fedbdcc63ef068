import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DSTU_DEFAULT_DKE,
  expandSbox,
  Gost28147,
  Gost34311,
  gost34311,
  hmacGost34311,
  Kupyna,
  kupyna,
  packSbox,
  pbkdf2Gost34311,
} from '../../main/core/crypto/dstu';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/dstu', name)));
const sequence = (length: number) => Uint8Array.from({ length }, (_, i) => i & 255);

/**
 * The "test parameters" S-box of GOST R 34.11-94 (RFC 5831; Bouncy Castle's "D-Test"), expanded: row k
 * substitutes the k-th nibble of a word.
 */
const TEST_SBOX = bytes(
  [
    '040a09020d08000e060b010c070f0503',
    '0e0b040c060d0f0a0203080100070509',
    '0508010d0a0304020e0f0c070600090b',
    '070d0a010008090f0e04060c0b020503',
    '060c0701050f0d08040a090e00030b02',
    '040b0a000702010d03060805090c0f0e',
    '0d0b0401030f0509000a0e070608020c',
    '010f0d0005070a040902030e060b080c',
  ].join(''),
);

describe('GOST S-boxes (DKE)', () => {
  it('expands the packed DKE two entries per byte, high nibble first, as Bouncy Castle does', () => {
    const expanded = expandSbox(DSTU_DEFAULT_DKE);
    expect(expanded).toHaveLength(128);
    // a9 d6 → a, 9, d, 6: the first four entries of row 0.
    expect(Array.from(expanded.subarray(0, 4))).toEqual([0xa, 0x9, 0xd, 0x6]);
    // Every row of a GOST S-box is a permutation of 0..15.
    for (let row = 0; row < 8; row++) expect(new Set(expanded.subarray(16 * row, 16 * row + 16)).size).toBe(16);
    expect(packSbox(expanded)).toEqual(DSTU_DEFAULT_DKE);
  });

  it('refuses S-boxes of the wrong size or with entries above 15', () => {
    expect(() => expandSbox(new Uint8Array(63))).toThrow(/64 bytes/);
    expect(() => packSbox(new Uint8Array(128).fill(16))).toThrow(/4 bits/);
    expect(() => gost34311(new Uint8Array(1), new Uint8Array(100))).toThrow();
  });
});

describe('GOST 34.311-95', () => {
  it('matches the standard test vectors of GOST R 34.11-94 with its test S-box', () => {
    const vectors: [Uint8Array, string][] = [
      [ascii('This is message, length=32 bytes'), 'b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa'],
      [ascii('Suppose the original message has length = 50 bytes'), '471aba57a60a770d3a76130635c1fbea4ef14de51f78b4ae57dd893b62f55208'],
      [ascii(''), 'ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d'],
      [ascii('abc'), 'f3134348c44fb1b2a277729e2285ebb5cb5e0f29c975bc753b70497c06a4d51d'],
      [ascii('message digest'), 'ad4434ecb18f2c99b60cbe59ec3d2469582b65273f48de72db2fde16a4889a4d'],
      [ascii('U'.repeat(128)), '53a3a3ed25180cef0c1d85a074273e551c25660a87062a52d926a9e8fe5733a4'],
      [ascii('The quick brown fox jumps over the lazy dog'), '77b7fa410c9ac58a25f49bca7d0468c9296529315eaca76bd1a10f376d1f4294'],
    ];
    for (const [message, digest] of vectors) expect(hex(gost34311(message, TEST_SBOX))).toBe(digest);
  });

  it('hashes with the DSTU default DKE: the messageDigest a Ukrainian signer stored for "123"', () => {
    expect(hex(gost34311(ascii('123')))).toBe('0d7638f766847f80f60525e3509ade2f1307a4d356b62a30e141d6ff0bb7b038');
    expect(hex(gost34311(ascii('123'), DSTU_DEFAULT_DKE))).toBe(hex(gost34311(ascii('123'))));
    expect(hex(gost34311(ascii('123'), expandSbox(DSTU_DEFAULT_DKE)))).toBe(hex(gost34311(ascii('123'))));
    // Values from Bouncy Castle 1.72 (GOST3411Digest with the expanded default DKE); checked live in tests/integration.
    expect(hex(gost34311(new Uint8Array(0)))).toBe('da37bdf41145e39e34111775b40646e8059c2e969c1460bb98abccb26f0f76a5');
    expect(hex(gost34311(sequence(64)))).toBe('c03ee3bc611ae3acb822664325b3ec6e6278ddc93c9bcd7e757813d0e31fe281');
  });

  it('gives the same digest however the input is split', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) & 255);
    const whole = hex(gost34311(data));
    for (const chunk of [1, 7, 31, 32, 33, 100]) {
      const hasher = new Gost34311();
      for (let offset = 0; offset < data.length; offset += chunk) hasher.update(data.subarray(offset, offset + chunk));
      expect(hex(hasher.digest())).toBe(whole);
    }
    const hasher = new Gost34311().update(data.subarray(0, 40));
    const copy = hasher.clone();
    expect(hex(copy.update(data.subarray(40)).digest())).toBe(whole);
    expect(() => copy.update(data)).toThrow(/finished/);
  });
});

describe('DSTU 7564 (Kupyna)', () => {
  it('matches the known-answer values of the standard', () => {
    expect(hex(kupyna(sequence(64), 256))).toBe('08f4ee6f1be6903b324c4e27990cb24ef69dd58dbe84813ee0a52f6631239875');
    expect(hex(kupyna(sequence(128), 256))).toBe('0a9474e645a7d25e255e9e89fff42ec7eb31349007059284f0b182e452bda882');
    expect(hex(kupyna(sequence(256), 256))).toBe('d305a32b963d149dc765f68594505d4077024f836c1bf03806e1624ce176c08f');
    expect(hex(kupyna(new Uint8Array(0), 256))).toBe('cd5101d1ccdf0d1d1f4ada56e888cd724ca1a0838a3521e7131d4fb78d0f5eb6');
    expect(hex(kupyna(sequence(95), 384))).toBe('d9021692d84e5175735654846ba751e6d0ed0fac36dfbc0841287dcb0b5584c75016c3decc2a6e47c50b2f3811e351b8');
    expect(hex(kupyna(sequence(64), 512))).toBe(
      '3813e2109118cdfb5a6d5e72f7208dccc80a2dfb3afdfb02f46992b5edbe536b3560dd1d7e29c6f53978af58b444e37ba685c0dd910533ba5d78efffc13de62a',
    );
    expect(hex(kupyna(sequence(128), 512))).toBe(
      '76ed1ac28b1d0143013ffa87213b4090b356441263c13e03fa060a8cada32b979635657f256b15d5fca4a174de029f0b1b4387c878fcc1c00e8705d783fd7ffe',
    );
    expect(hex(kupyna(new Uint8Array(0), 512))).toBe(
      '656b2f4cd71462388b64a37043ea55dbe445d452aecd46c3298343314ef04019bcfa3f04265a9857f91be91fce197096187ceda78c9c1c021c294a0689198538',
    );
  });

  it('streams: the same digest for any split, and refuses unknown sizes', () => {
    for (const bits of [256, 384, 512] as const) {
      const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 255);
      const hasher = new Kupyna(bits);
      for (let offset = 0; offset < data.length; offset += 37) hasher.update(data.subarray(offset, offset + 37));
      expect(hex(hasher.digest())).toBe(hex(kupyna(data, bits)));
    }
    expect(() => new Kupyna(128 as 256)).toThrow(/no 128-bit/);
  });
});

describe('HMAC and PBKDF2 over GOST 34.311', () => {
  it('derive the key that opens a real PBES2 container (jkurwa STORE_A040.dat, password "password")', () => {
    const store = fixture('STORE_A040.dat');
    // Offsets from the file's structure: PBKDF2 salt, GOST 28147 IV and the 250-byte ciphertext.
    const salt = store.subarray(38, 70);
    const iv = store.subarray(109, 117);
    const ciphertext = store.subarray(store.length - 250);
    expect(hex(salt)).toBe('31a58dc1462981189cf6c701e276c7553a5ab5f6e36d8418e4aa40c930cf3876');
    expect(hex(iv)).toBe('4bb10f5c2945d49e');
    const key = pbkdf2Gost34311(ascii('password'), salt, 10_000, 32);
    expect(new Gost28147(key).decryptCfb(iv, ciphertext)).toEqual(fixture('Key40A0.cer'));
    const wrong = pbkdf2Gost34311(ascii('passwore'), salt, 10_000, 32);
    expect(new Gost28147(wrong).decryptCfb(iv, ciphertext)).not.toEqual(fixture('Key40A0.cer'));
  });

  it('HMAC hashes long keys first and matches Bouncy Castle', () => {
    // HMac(GOST3411Digest) from Bouncy Castle 1.72 for key 00..1f and the 37 bytes (7i + 3) mod 256.
    const data = Uint8Array.from({ length: 37 }, (_, i) => (i * 7 + 3) & 255);
    expect(hex(hmacGost34311(sequence(32), data))).toBe('12fecd2f3470cfc49e578e550c473bf5c134d13fa6f291061adf5e966fdc32c6');
    const longKey = sequence(40);
    expect(hex(hmacGost34311(longKey, data))).toBe(hex(hmacGost34311(gost34311(longKey), data)));
  });

  it('bounds the iteration count', () => {
    expect(() => pbkdf2Gost34311(ascii('x'), ascii('salt'), 0, 32)).toThrow(/out of range/);
    expect(() => pbkdf2Gost34311(ascii('x'), ascii('salt'), 1e7, 32)).toThrow(/out of range/);
  });
});
