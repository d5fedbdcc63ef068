import type { GostRoundTables } from './gost-sbox';

/**
 * One GOST 28147-89 block operation on the two 32-bit halves of a block (both little-endian words,
 * N1 = bytes 0..3, N2 = bytes 4..7), with the 32-step key order given by `schedule` (indices into `key`).
 * The result goes to out[offset] (N1) and out[offset + 1] (N2).
 */
export function gostBlock(tables: GostRoundTables, key: Uint32Array, schedule: Uint8Array, n1: number, n2: number, out: Uint32Array, offset: number): void {
  const { t0, t1, t2, t3 } = tables;
  const steps = schedule.length;
  for (let i = 0; i < steps - 1; i++) {
    const x = (n1 + key[schedule[i]]) >>> 0;
    const next = n2 ^ t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    n2 = n1;
    n1 = next;
  }
  const x = (n1 + key[schedule[steps - 1]]) >>> 0;
  n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  out[offset] = n1 >>> 0;
  out[offset + 1] = n2 >>> 0;
}

/**
 * Encryption of one block, the hot path of GOST 34.311 (four per 32-byte block): the same as
 * `gostBlock(…, ENCRYPT_SCHEDULE, …)` with the key words held in locals.
 */
export function gostEncrypt(tables: GostRoundTables, key: Uint32Array, n1: number, n2: number, out: Uint32Array, offset: number): void {
  const { t0, t1, t2, t3 } = tables;
  const k0 = key[0], k1 = key[1], k2 = key[2], k3 = key[3], k4 = key[4], k5 = key[5], k6 = key[6], k7 = key[7];
  let x: number;
  for (let pass = 0; pass < 3; pass++) {
    x = (n1 + k0) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n2 + k1) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n1 + k2) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n2 + k3) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n1 + k4) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n2 + k5) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n1 + k6) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    x = (n2 + k7) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  }
  x = (n1 + k7) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n2 + k6) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n1 + k5) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n2 + k4) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n1 + k3) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n2 + k2) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n1 + k1) >>> 0; n2 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  x = (n2 + k0) >>> 0; n1 ^= t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
  // Each line is a step of the standard with the halves' roles alternating between n1 and n2. After 31
  // steps N1 sits in n2, and the 32nd step, which does not swap, has just updated N2 (n1) in place.
  out[offset] = n2 >>> 0;
  out[offset + 1] = n1 >>> 0;
}

/** Encryption: K0..K7 three times, then K7..K0. */
export const ENCRYPT_SCHEDULE = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0]);
/** Decryption: K0..K7, then K7..K0 three times. */
export const DECRYPT_SCHEDULE = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0, 7, 6, 5, 4, 3, 2, 1, 0]);

/**
 * The 16-step transformation of the MAC (imitovstavka): K0..K7 twice, every step swapping the halves
 * (unlike a cipher block, whose last step does not swap).
 */
export function gostMacBlock(tables: GostRoundTables, key: Uint32Array, n1: number, n2: number, out: Uint32Array): void {
  const { t0, t1, t2, t3 } = tables;
  for (let i = 0; i < 16; i++) {
    const x = (n1 + key[i & 7]) >>> 0;
    const next = n2 ^ t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
    n2 = n1;
    n1 = next;
  }
  out[0] = n1 >>> 0;
  out[1] = n2 >>> 0;
}

/** The eight 32-bit key words of a 256-bit key (little-endian, as the standard's byte order). */
export function gostKeyWords(key: Uint8Array): Uint32Array {
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = (key[4 * i] | (key[4 * i + 1] << 8) | (key[4 * i + 2] << 16) | (key[4 * i + 3] << 24)) >>> 0;
  return words;
}

export function readWordLe(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

export function writeWordLe(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 255;
  bytes[offset + 1] = (value >>> 8) & 255;
  bytes[offset + 2] = (value >>> 16) & 255;
  bytes[offset + 3] = value >>> 24;
}
