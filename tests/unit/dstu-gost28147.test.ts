import { describe, expect, it } from 'vitest';
import { Gost28147 } from '../../main/core/crypto/dstu';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

// Known answers computed with Bouncy Castle 1.72 (GOST28147Engine, CFBBlockCipher(64), GOST28147Mac) for
// key 00 01 … 1f and the data (7i + 3) mod 256; tests/integration/dstu-bouncy-castle.test.ts re-checks
// random keys and lengths live.
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const DATA = Uint8Array.from({ length: 37 }, (_, i) => (i * 7 + 3) & 255);
const TEST_SBOX = bytes(
  '040a09020d08000e060b010c070f05030e0b040c060d0f0a02030801000705090508010d0a0304020e0f0c070600090b070d0a010008090f0e04060c0b020503' +
    '060c0701050f0d08040a090e00030b02040b0a000702010d03060805090c0f0e0d0b0401030f0509000a0e070608020c010f0d0005070a040902030e060b080c',
);

describe('GOST 28147-89', () => {
  it('encrypts and decrypts ECB blocks (DSTU default DKE and the GOST R 34.11-94 test S-box)', () => {
    const cipher = new Gost28147(KEY);
    const block = DATA.subarray(0, 32);
    const encrypted = cipher.encryptEcb(block);
    expect(hex(encrypted)).toBe('8b26ca6066d05ef64620bd8bad6dc127bfa94557807a8aad7637d604de6883b3');
    expect(cipher.decryptEcb(encrypted)).toEqual(block);
    expect(hex(new Gost28147(KEY, TEST_SBOX).encryptEcb(block))).toBe('14ae0582e89123a0efd8f4c691567ef33c3b21a6a62237ae72bfb0b1b4699664');
    expect(() => cipher.encryptEcb(DATA)).toThrow(/whole 8-byte blocks/);
  });

  it('encrypts and decrypts CFB with a partial last block', () => {
    const cipher = new Gost28147(KEY);
    const iv = bytes('0001020304050607');
    const encrypted = cipher.encryptCfb(iv, DATA);
    expect(hex(encrypted)).toBe('e099b065ed90f35bf67eb66fbcda75491951c2bb4d857558ce7026836d2b9adbe70191b974');
    expect(cipher.decryptCfb(iv, encrypted)).toEqual(DATA);
    expect(() => cipher.encryptCfb(new Uint8Array(7), DATA)).toThrow(/IV has 8 bytes/);
  });

  it('computes the 32-bit MAC (imitovstavka) over zero-padded blocks', () => {
    const cipher = new Gost28147(KEY);
    expect(hex(cipher.mac(DATA))).toBe('b77ebe10');
    expect(hex(cipher.mac(bytes('0102030405060708')))).toBe('ec014d9c');
    expect(hex(cipher.mac(DATA.subarray(0, 36)))).not.toBe(hex(cipher.mac(DATA)));
  });

  it('refuses keys that are not 256 bits and forgets the key on destroy', () => {
    expect(() => new Gost28147(new Uint8Array(16))).toThrow(/32 bytes/);
    const cipher = new Gost28147(KEY);
    const before = hex(cipher.encryptEcb(DATA.subarray(0, 8)));
    cipher.destroy();
    expect(hex(cipher.encryptEcb(DATA.subarray(0, 8)))).toBe(hex(new Gost28147(new Uint8Array(32)).encryptEcb(DATA.subarray(0, 8))));
    expect(before).not.toBe(hex(cipher.encryptEcb(DATA.subarray(0, 8))));
  });
});
