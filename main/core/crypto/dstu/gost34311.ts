import { SigndeskError } from '../../../../preload/contract/errors';
import { gostRoundTables, type GostRoundTables } from './gost-sbox';
import { gostEncrypt, readWordLe, writeWordLe } from './gost28147-block';

/** C3 of the key generation, as eight little-endian 32-bit words (C2 and C4 are zero). */
const C3 = Uint32Array.from([0xff00ff00, 0xff00ff00, 0x00ff00ff, 0x00ff00ff, 0x00ffff00, 0xff0000ff, 0x000000ff, 0xff00ffff]);

/**
 * GOST 34.311-95 (GOST R 34.11-94): 256-bit hash over GOST 28147-89 with a chosen S-box. Ukrainian
 * signatures use the DSTU default DKE, or the DKE in the signer certificate's DSTU 4145 parameters.
 * Values are little-endian throughout (the standard's byte order, as Bouncy Castle's GOST3411Digest).
 */
export class Gost34311 {
  #tables: GostRoundTables;
  readonly #hash = new Uint32Array(8);
  readonly #sum = new Uint32Array(8);
  readonly #buffer = new Uint8Array(32);
  #buffered = 0;
  #length = 0;
  #finished = false;
  // Scratch space reused by every block.
  readonly #m = new Uint32Array(8);
  readonly #u = new Uint32Array(8);
  readonly #v = new Uint32Array(8);
  readonly #w = new Uint32Array(8);
  readonly #k = new Uint32Array(8);
  readonly #s = new Uint32Array(8);
  readonly #z = new Uint16Array(16 + 61);

  /** `sbox`: packed (64 bytes) or expanded (128); the DSTU default DKE when omitted. */
  constructor(sbox?: Uint8Array) {
    this.#tables = gostRoundTables(sbox);
  }

  /** An independent copy of the running state (HMAC and PBKDF2 reuse the keyed prefix). */
  clone(): Gost34311 {
    const copy = new Gost34311();
    copy.#tables = this.#tables;
    copy.#hash.set(this.#hash);
    copy.#sum.set(this.#sum);
    copy.#buffer.set(this.#buffer);
    copy.#buffered = this.#buffered;
    copy.#length = this.#length;
    copy.#finished = this.#finished;
    return copy;
  }

  update(data: Uint8Array): this {
    if (this.#finished) throw new SigndeskError('ERR_INTERNAL', 'GOST 34.311 digest already finished');
    let offset = 0;
    this.#length += data.length;
    if (this.#buffered > 0) {
      const take = Math.min(32 - this.#buffered, data.length);
      this.#buffer.set(data.subarray(0, take), this.#buffered);
      this.#buffered += take;
      offset = take;
      if (this.#buffered < 32) return this;
      this.#absorb(this.#buffer, 0);
      this.#buffered = 0;
    }
    for (; offset + 32 <= data.length; offset += 32) this.#absorb(data, offset);
    if (offset < data.length) {
      this.#buffer.set(data.subarray(offset), 0);
      this.#buffered = data.length - offset;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.#finished) throw new SigndeskError('ERR_INTERNAL', 'GOST 34.311 digest already finished');
    this.#finished = true;
    if (this.#buffered > 0) {
      this.#buffer.fill(0, this.#buffered);
      this.#absorb(this.#buffer, 0);
    }
    const bits = new Uint32Array(8);
    // The bit length as a 256-bit little-endian number (lengths stay below 2^53 bytes).
    const bitCount = this.#length * 8;
    bits[0] = bitCount % 0x100000000;
    bits[1] = Math.floor(bitCount / 0x100000000);
    this.#compress(bits);
    this.#compress(this.#sum);
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) writeWordLe(out, 4 * i, this.#hash[i]);
    return out;
  }

  #absorb(bytes: Uint8Array, offset: number): void {
    const m = this.#m;
    let carry = 0;
    for (let i = 0; i < 8; i++) {
      m[i] = readWordLe(bytes, offset + 4 * i);
      const total = this.#sum[i] + m[i] + carry;
      this.#sum[i] = total >>> 0;
      carry = total > 0xffffffff ? 1 : 0;
    }
    this.#compress(m);
  }

  /** The step function: H ← ψ^61(H ⊕ ψ(M ⊕ ψ^12(S))), S the four encryptions of H's 64-bit parts. */
  #compress(m: Uint32Array): void {
    const h = this.#hash;
    const u = this.#u;
    const v = this.#v;
    const w = this.#w;
    const s = this.#s;
    u.set(h);
    v.set(m);
    for (let step = 0; step < 4; step++) {
      if (step > 0) {
        transformA(u);
        if (step === 2) for (let i = 0; i < 8; i++) u[i] ^= C3[i];
        transformA(v);
        transformA(v);
      }
      for (let i = 0; i < 8; i++) w[i] = u[i] ^ v[i];
      permuteP(w, this.#k);
      gostEncrypt(this.#tables, this.#k, h[2 * step], h[2 * step + 1], s, 2 * step);
    }
    const z = this.#z;
    for (let i = 0; i < 8; i++) {
      z[2 * i] = s[i] & 0xffff;
      z[2 * i + 1] = s[i] >>> 16;
    }
    extendPsi(z, 12);
    for (let i = 0; i < 8; i++) {
      z[2 * i] = z[12 + 2 * i] ^ (m[i] & 0xffff);
      z[2 * i + 1] = z[13 + 2 * i] ^ (m[i] >>> 16);
    }
    extendPsi(z, 1);
    for (let i = 0; i < 8; i++) {
      z[2 * i] = z[1 + 2 * i] ^ (h[i] & 0xffff);
      z[2 * i + 1] = z[2 + 2 * i] ^ (h[i] >>> 16);
    }
    extendPsi(z, 61);
    for (let i = 0; i < 8; i++) h[i] = (z[61 + 2 * i] | (z[62 + 2 * i] << 16)) >>> 0;
  }
}

/**
 * ψ applied `times` times to the 16 halfwords z[0..15] (z[0] least significant): each application
 * drops the lowest word and appends y1⊕y2⊕y3⊕y4⊕y13⊕y16, so the result is z[times..times + 15].
 */
function extendPsi(z: Uint16Array, times: number): void {
  for (let t = 0; t < times; t++) z[16 + t] = z[t] ^ z[t + 1] ^ z[t + 2] ^ z[t + 3] ^ z[t + 12] ^ z[t + 15];
}

/** A(y4‖y3‖y2‖y1) = (y1⊕y2)‖y4‖y3‖y2 on 64-bit parts, y1 the least significant. */
function transformA(x: Uint32Array): void {
  const low = x[0] ^ x[2];
  const high = x[1] ^ x[3];
  x.copyWithin(0, 2);
  x[6] = low;
  x[7] = high;
}

/** P: byte k + 8i of W becomes byte 4k + i of the key. */
function permuteP(w: Uint32Array, key: Uint32Array): void {
  for (let k = 0; k < 8; k++) {
    const shift = 8 * (k & 3);
    const word = k >> 2;
    key[k] =
      (((w[word] >>> shift) & 255) | (((w[word + 2] >>> shift) & 255) << 8) | (((w[word + 4] >>> shift) & 255) << 16) | (((w[word + 6] >>> shift) & 255) << 24)) >>>
      0;
  }
}

/** One-shot GOST 34.311-95 hash; `sbox` packed or expanded, the DSTU default DKE when omitted. */
export function gost34311(data: Uint8Array, sbox?: Uint8Array): Uint8Array {
  return new Gost34311(sbox).update(data).digest();
}
