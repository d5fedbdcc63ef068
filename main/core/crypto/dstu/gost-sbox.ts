import { SigndeskError } from '../../../../preload/contract/errors';

/**
 * The DSTU 4145 default S-box ("DKE", ДКЕ №1 of DSTU GOST 28147:2009), packed as certificates carry it:
 * 64 bytes, two 4-bit entries per byte.
 */
export const DSTU_DEFAULT_DKE: Uint8Array = Uint8Array.from(
  Buffer.from(
    'a9d6eb45f13c708280c4967b231f5eadf658eba4c037291d38d96bf025ca4e17' + 'f8e9720dc615b43a28975f0bc1dea36438b564ea2c179fd0123e6db8fac57904',
    'hex',
  ),
);

/**
 * A GOST 28147-89 substitution box in the expanded form: 8 rows of 16 entries (128 bytes, each 0..15).
 * Row k substitutes the k-th 4-bit group of a 32-bit word, counting from the least significant.
 *
 * The packed form (64 bytes, as a DSTU certificate's parameters carry the DKE and as Bouncy Castle's
 * `DSTU4145Params.getDefaultDKE()` returns it) stores two consecutive entries per byte, high nibble first:
 * `expanded[2i] = packed[i] >> 4`, `expanded[2i + 1] = packed[i] & 0x0f`. So packed bytes 0..7 hold row 0,
 * bytes 8..15 row 1, and so on (the same expansion as Bouncy Castle's DSTU `SignatureSpi.expandSbox`).
 */
export type ExpandedSbox = Uint8Array;

export function expandSbox(packed: Uint8Array): ExpandedSbox {
  if (packed.length !== 64) throw new SigndeskError('ERR_INPUT_INVALID', `A packed GOST S-box has 64 bytes, not ${packed.length}`);
  const expanded = new Uint8Array(128);
  for (let i = 0; i < 64; i++) {
    expanded[2 * i] = packed[i] >> 4;
    expanded[2 * i + 1] = packed[i] & 0x0f;
  }
  return expanded;
}

export function packSbox(expanded: ExpandedSbox): Uint8Array {
  checkExpanded(expanded);
  const packed = new Uint8Array(64);
  for (let i = 0; i < 64; i++) packed[i] = (expanded[2 * i] << 4) | expanded[2 * i + 1];
  return packed;
}

function checkExpanded(expanded: Uint8Array): void {
  if (expanded.length !== 128 || expanded.some((entry) => entry > 15)) {
    throw new SigndeskError('ERR_INPUT_INVALID', 'An expanded GOST S-box has 128 entries of 4 bits');
  }
}

/** Accepts a packed (64-byte) or expanded (128-byte) S-box; undefined means the DSTU default DKE. */
export function toExpandedSbox(sbox?: Uint8Array): ExpandedSbox {
  if (sbox === undefined) return expandSbox(DSTU_DEFAULT_DKE);
  if (sbox.length === 64) return expandSbox(sbox);
  checkExpanded(sbox);
  return Uint8Array.from(sbox);
}

/**
 * The round function's substitution and 11-bit rotation folded into four byte-indexed tables: the
 * substitution is nibble-wise and the rotation distributes over the disjoint bytes, so
 * f(x) = T0[x & 255] ^ T1[(x >>> 8) & 255] ^ T2[(x >>> 16) & 255] ^ T3[x >>> 24].
 */
export interface GostRoundTables {
  t0: Uint32Array;
  t1: Uint32Array;
  t2: Uint32Array;
  t3: Uint32Array;
}

const tableCache = new Map<string, GostRoundTables>();
let defaultTables: GostRoundTables | undefined;

export function gostRoundTables(sbox?: Uint8Array): GostRoundTables {
  if (sbox === undefined) return (defaultTables ??= gostRoundTables(DSTU_DEFAULT_DKE));
  const expanded = toExpandedSbox(sbox);
  const cacheKey = Buffer.from(expanded).toString('hex');
  const cached = tableCache.get(cacheKey);
  if (cached) return cached;
  const tables = [0, 1, 2, 3].map((byteIndex) => {
    const table = new Uint32Array(256);
    const low = expanded.subarray(32 * byteIndex, 32 * byteIndex + 16);
    const high = expanded.subarray(32 * byteIndex + 16, 32 * byteIndex + 32);
    for (let value = 0; value < 256; value++) {
      const substituted = ((high[value >> 4] << 4) | low[value & 15]) << (8 * byteIndex);
      table[value] = ((substituted << 11) | (substituted >>> 21)) >>> 0;
    }
    return table;
  });
  const result = { t0: tables[0], t1: tables[1], t2: tables[2], t3: tables[3] };
  if (tableCache.size < 16) tableCache.set(cacheKey, result);
  return result;
}
