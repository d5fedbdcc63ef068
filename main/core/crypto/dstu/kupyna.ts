import { SigndeskError } from '../../../../preload/contract/errors';
import { KUPYNA_SBOXES } from './kupyna-sboxes';

export type KupynaBits = 256 | 384 | 512;

/** First row of the circulant MixColumns matrix over GF(2^8) mod x^8 + x^4 + x^3 + x^2 + 1. */
const MDS = [0x01, 0x01, 0x05, 0x01, 0x08, 0x06, 0x07, 0x04];

function gfMul(a: number, b: number): number {
  let result = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) result ^= a;
    const high = a & 0x80;
    a = (a << 1) & 0xff;
    if (high) a ^= 0x1d;
    b >>= 1;
  }
  return result;
}

interface RoundTables {
  /** lo[r][x] / hi[r][x]: the output column (bytes 0..3 / 4..7) that byte x in row r contributes. */
  lo: Uint32Array[];
  hi: Uint32Array[];
}

let roundTables: RoundTables | undefined;

/** S-box of the row, then MixColumns, folded into one table per row (the "T-table" form). */
function tables(): RoundTables {
  if (roundTables) return roundTables;
  const sboxes = KUPYNA_SBOXES.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
  const lo: Uint32Array[] = [];
  const hi: Uint32Array[] = [];
  for (let row = 0; row < 8; row++) {
    lo.push(new Uint32Array(256));
    hi.push(new Uint32Array(256));
    for (let x = 0; x < 256; x++) {
      const s = sboxes[row & 3][x];
      let low = 0;
      let high = 0;
      for (let out = 0; out < 8; out++) {
        const product = gfMul(s, MDS[(row - out + 8) & 7]);
        if (out < 4) low |= product << (8 * out);
        else high |= product << (8 * (out - 4));
      }
      lo[row][x] = low >>> 0;
      hi[row][x] = high >>> 0;
    }
  }
  return (roundTables = { lo, hi });
}

/**
 * DSTU 7564:2014 "Kupyna" hash, 256/384/512 bits (streaming). The state is `columns` 64-bit columns,
 * each held as two little-endian 32-bit words (rows 0..3, rows 4..7).
 */
export class Kupyna {
  readonly #bits: KupynaBits;
  readonly #columns: number;
  readonly #rounds: number;
  readonly #blockSize: number;
  readonly #state: Uint32Array;
  readonly #buffer: Uint8Array;
  readonly #t1: Uint32Array;
  readonly #t2: Uint32Array;
  readonly #scratch: Uint32Array;
  readonly #shifts: number[];
  #buffered = 0;
  #length = 0;
  #finished = false;

  constructor(bits: KupynaBits = 256) {
    if (bits !== 256 && bits !== 384 && bits !== 512) throw new SigndeskError('ERR_INPUT_INVALID', `Kupyna has no ${String(bits)}-bit variant`);
    this.#bits = bits;
    this.#columns = bits === 256 ? 8 : 16;
    this.#rounds = bits === 256 ? 10 : 14;
    this.#blockSize = this.#columns * 8;
    this.#state = new Uint32Array(2 * this.#columns);
    this.#state[0] = this.#blockSize;
    this.#buffer = new Uint8Array(this.#blockSize);
    this.#t1 = new Uint32Array(2 * this.#columns);
    this.#t2 = new Uint32Array(2 * this.#columns);
    this.#scratch = new Uint32Array(2 * this.#columns);
    this.#shifts = this.#columns === 8 ? [0, 1, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 11];
  }

  update(data: Uint8Array): this {
    if (this.#finished) throw new SigndeskError('ERR_INTERNAL', 'Kupyna digest already finished');
    const size = this.#blockSize;
    this.#length += data.length;
    let offset = 0;
    if (this.#buffered > 0) {
      const take = Math.min(size - this.#buffered, data.length);
      this.#buffer.set(data.subarray(0, take), this.#buffered);
      this.#buffered += take;
      offset = take;
      if (this.#buffered < size) return this;
      this.#compress(this.#buffer, 0);
      this.#buffered = 0;
    }
    for (; offset + size <= data.length; offset += size) this.#compress(data, offset);
    if (offset < data.length) {
      this.#buffer.set(data.subarray(offset), 0);
      this.#buffered = data.length - offset;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.#finished) throw new SigndeskError('ERR_INTERNAL', 'Kupyna digest already finished');
    this.#finished = true;
    const size = this.#blockSize;
    const buffer = this.#buffer;
    buffer.fill(0, this.#buffered);
    buffer[this.#buffered] = 0x80;
    if (this.#buffered + 1 > size - 12) {
      this.#compress(buffer, 0);
      buffer.fill(0);
    }
    // The message length in bits, 96-bit little-endian, in the last 12 bytes.
    let bits = this.#length * 8;
    for (let i = size - 12; i < size && bits > 0; i++) {
      buffer[i] = bits % 256;
      bits = Math.floor(bits / 256);
    }
    this.#compress(buffer, 0);
    const t = this.#t1;
    t.set(this.#state);
    this.#permute(t, false);
    const out = new Uint8Array(this.#bits / 8);
    const firstWord = 2 * this.#columns - this.#bits / 32;
    for (let i = 0; i < out.length / 4; i++) {
      const word = this.#state[firstWord + i] ^ t[firstWord + i];
      out[4 * i] = word & 255;
      out[4 * i + 1] = (word >>> 8) & 255;
      out[4 * i + 2] = (word >>> 16) & 255;
      out[4 * i + 3] = word >>> 24;
    }
    return out;
  }

  /** h ← T⊕(h ⊕ m) ⊕ T+(m) ⊕ h */
  #compress(bytes: Uint8Array, offset: number): void {
    const state = this.#state;
    const t1 = this.#t1;
    const t2 = this.#t2;
    for (let i = 0; i < 2 * this.#columns; i++) {
      const p = offset + 4 * i;
      const word = (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
      t1[i] = state[i] ^ word;
      t2[i] = word;
    }
    this.#permute(t1, false);
    this.#permute(t2, true);
    for (let i = 0; i < 2 * this.#columns; i++) state[i] ^= t1[i] ^ t2[i];
  }

  /** T⊕ (`additive` false: XOR round constants) or T+ (true: 64-bit additive round constants). */
  #permute(s: Uint32Array, additive: boolean): void {
    const { lo, hi } = tables();
    const columns = this.#columns;
    const shifts = this.#shifts;
    const out = this.#scratch;
    for (let round = 0; round < this.#rounds; round++) {
      for (let j = 0; j < columns; j++) {
        if (additive) {
          const low = s[2 * j] + 0xf0f0f0f3;
          s[2 * j] = low >>> 0;
          s[2 * j + 1] = (s[2 * j + 1] + ((0x00f0f0f0 | ((((columns - 1 - j) << 4) ^ round) << 24)) >>> 0) + (low > 0xffffffff ? 1 : 0)) >>> 0;
        } else {
          s[2 * j] ^= (j << 4) ^ round;
        }
      }
      for (let j = 0; j < columns; j++) {
        let low = 0;
        let high = 0;
        for (let row = 0; row < 8; row++) {
          const source = (j - shifts[row] + columns) % columns;
          const byte = row < 4 ? (s[2 * source] >>> (8 * row)) & 255 : (s[2 * source + 1] >>> (8 * (row - 4))) & 255;
          low ^= lo[row][byte];
          high ^= hi[row][byte];
        }
        out[2 * j] = low >>> 0;
        out[2 * j + 1] = high >>> 0;
      }
      s.set(out);
    }
  }
}

/** One-shot Kupyna hash. */
export function kupyna(data: Uint8Array, bits: KupynaBits = 256): Uint8Array {
  return new Kupyna(bits).update(data).digest();
}
