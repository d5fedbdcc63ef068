/**
 * Integers modulo the order n of a DSTU 4145 base point, as fixed-width arrays of 16-bit limbs
 * (little-endian). 16-bit limbs keep every sum and carry a small integer. The functions marked
 * constant-time run the same operations whatever the values (they serve signing); the others
 * serve public values (verification, encodings).
 */
export type Scalar = Int32Array;

export class ScalarField {
  /** Bit length of n. */
  readonly bits: number;
  /** Limbs of every scalar: room for values below 4·n (the ladder's k + 2·n). */
  readonly limbs: number;
  readonly byteLength: number;
  readonly n: Scalar;
  readonly #twoN: Scalar;

  constructor(nBytes: Uint8Array) {
    const bits = bitLengthOfBytes(nBytes);
    this.bits = bits;
    this.limbs = ((bits + 2 + 15) >>> 4) + 1;
    this.byteLength = (bits + 7) >>> 3;
    this.n = this.fromBytes(nBytes);
    this.#twoN = this.zero();
    addInto(this.#twoN, this.n, this.n);
  }

  zero(): Scalar {
    return new Int32Array(this.limbs);
  }

  /** From big-endian bytes; values that do not fit the width are truncated (callers check ranges). */
  fromBytes(bytes: Uint8Array): Scalar {
    const out = this.zero();
    for (let i = 0; i < bytes.length; i++) {
      const bit = 8 * (bytes.length - 1 - i);
      const limb = bit >>> 4;
      if (limb < this.limbs) out[limb] |= bytes[i] << (bit & 15);
    }
    return out;
  }

  /** Big-endian bytes, `length` of them (byteLength by default). */
  toBytes(x: Scalar, length = this.byteLength): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const bit = 8 * (length - 1 - i);
      const limb = bit >>> 4;
      if (limb < this.limbs) out[i] = (x[limb] >>> (bit & 15)) & 255;
    }
    return out;
  }

  /** From the low `bits` bits of a little-endian array of 32-bit words (a field element). */
  fromWords(words: Int32Array, bits: number): Scalar {
    const out = this.zero();
    for (let i = 0; i < bits && (i >>> 4) < this.limbs; i++) {
      out[i >>> 4] |= ((words[i >>> 5] >>> (i & 31)) & 1) << (i & 15);
    }
    return out;
  }

  isZero(x: Scalar): boolean {
    let acc = 0;
    for (let i = 0; i < this.limbs; i++) acc |= x[i];
    return acc === 0;
  }

  /** -1, 0 or 1; variable-time (public values). */
  compare(a: Scalar, b: Scalar): number {
    for (let i = this.limbs - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
  }

  /** Whether 0 < x < n; variable-time (public values). */
  inRange(x: Scalar): boolean {
    return !this.isZero(x) && this.compare(x, this.n) < 0;
  }

  bit(x: Scalar, i: number): number {
    return (x[i >>> 4] >>> (i & 15)) & 1;
  }

  /** Constant-time: out = (a + b) mod n for a, b < n. */
  addMod(out: Scalar, a: Scalar, b: Scalar): void {
    addInto(out, a, b);
    this.#reduceOnce(out);
  }

  /**
   * Constant-time in `secret`: out = (pub · secret + addend) mod n, by double-and-add over the bits of
   * the public factor (its bit pattern may steer the loop; every step on the secret is the same).
   */
  mulAddMod(out: Scalar, pub: Scalar, secret: Scalar, addend: Scalar): void {
    const acc = this.zero();
    const sum = this.zero();
    for (let i = this.bits - 1; i >= 0; i--) {
      this.addMod(acc, acc, acc);
      this.addMod(sum, acc, secret);
      if (this.bit(pub, i)) acc.set(sum);
    }
    this.addMod(out, acc, addend);
    acc.fill(0);
    sum.fill(0);
  }

  /** Constant-time: x mod n for big-endian bytes of any length (bit-serial: shift in a bit, subtract n once). */
  reduceBytes(bytes: Uint8Array): Scalar {
    const acc = this.zero();
    for (let i = 0; i < 8 * bytes.length; i++) {
      const bit = (bytes[i >>> 3] >>> (7 - (i & 7))) & 1;
      let carry = bit;
      for (let j = 0; j < this.limbs; j++) {
        const v = (acc[j] << 1) | carry;
        acc[j] = v & 0xffff;
        carry = v >>> 16;
      }
      this.#reduceOnce(acc);
    }
    return acc;
  }

  /**
   * Constant-time: the scalar the ladder runs on, k + n or k + 2·n, whichever has bit `bits` set (for
   * 0 < k < n exactly one lies in [2^bits, 2^(bits+1))), so every ladder runs over the same bit length.
   */
  ladderScalar(k: Scalar): Scalar {
    const once = this.zero();
    const twice = this.zero();
    addInto(once, k, this.n);
    addInto(twice, k, this.#twoN);
    const useOnce = -this.bit(once, this.bits);
    const out = this.zero();
    for (let i = 0; i < this.limbs; i++) out[i] = (once[i] & useOnce) | (twice[i] & ~useOnce);
    once.fill(0);
    twice.fill(0);
    return out;
  }

  /** Constant-time: subtracts n when x ≥ n (x < 2·n). */
  #reduceOnce(x: Scalar): void {
    const n = this.n;
    const diff = new Int32Array(this.limbs);
    let borrow = 0;
    for (let i = 0; i < this.limbs; i++) {
      const v = x[i] - n[i] - borrow;
      diff[i] = v & 0xffff;
      borrow = (v >>> 31) & 1;
    }
    // borrow = 1: x < n, keep x; otherwise take the difference.
    const keep = -borrow;
    for (let i = 0; i < this.limbs; i++) x[i] = (x[i] & keep) | (diff[i] & ~keep);
    diff.fill(0);
  }
}

/** out = a + b over the full width (no reduction; callers keep the sum below 2^(16·limbs)). */
function addInto(out: Scalar, a: Scalar, b: Scalar): void {
  let carry = 0;
  for (let i = 0; i < out.length; i++) {
    const v = a[i] + b[i] + carry;
    out[i] = v & 0xffff;
    carry = v >>> 16;
  }
}

function bitLengthOfBytes(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return 8 * (bytes.length - i) - Math.clz32(bytes[i]) + 24;
  return 0;
}
