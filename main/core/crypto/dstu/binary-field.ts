import { SigndeskError } from '../../../../preload/contract/errors';

/**
 * An element of GF(2^m) in polynomial basis: bit i of the polynomial is bit (i & 31) of word i >> 5.
 * Int32Array keeps every intermediate value a 32-bit integer (no arbitrary-precision numbers, no heap numbers).
 */
export type FieldElement = Int32Array;

/** Spreads the 16 bits of x to the even positions of a 32-bit word (the square of a 16-bit polynomial). */
function spread16(x: number): number {
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

/**
 * GF(2^m) modulo the trinomial or pentanomial x^m + x^k1 (+ x^k2 + x^k3) + 1 of a DSTU 4145 curve.
 * Two multiplications: `mul` (windowed comb: it looks up a table by the nibbles of its first operand,
 * so that operand must be public) and `mulCt` (the same comb with the table rows selected by masks:
 * no secret-dependent branch or memory index), used where both operands are secret. Squaring,
 * reduction and `invert` (Itoh–Tsujii, over `mulCt` when asked) have data-independent control flow.
 */
export class BinaryField {
  readonly m: number;
  /** The middle exponents, descending (one for a trinomial, three for a pentanomial). */
  readonly terms: readonly number[];
  readonly words: number;
  readonly byteLength: number;
  readonly #product: Int32Array;
  readonly #table: Int32Array;
  readonly #shifted: Int32Array;
  readonly #t1: Int32Array;
  readonly #t2: Int32Array;
  readonly #reduceShifts: { word: number; bit: number }[];
  readonly #lowTerms: { word: number; bit: number }[];
  readonly #topWord: number;
  readonly #topBit: number;
  #traceMask: Int32Array | undefined;

  constructor(m: number, terms: readonly number[]) {
    const sorted = [...terms].sort((a, b) => b - a);
    if (!Number.isInteger(m) || m < 100 || m > 1024 || m % 2 === 0) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported binary field degree ${m}`);
    if ((sorted.length !== 1 && sorted.length !== 3) || sorted.some((k, i) => !Number.isInteger(k) || k < 1 || (i > 0 && k >= sorted[i - 1]))) {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'The field polynomial must be a trinomial or a pentanomial');
    }
    // Word-wise reduction folds a whole word at a time: it needs a gap of at least 32 bits below x^m.
    if (m - sorted[0] < 32) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported field polynomial x^${m} + x^${sorted[0]} + …`);
    this.m = m;
    this.terms = sorted;
    this.words = (m + 31) >>> 5;
    this.byteLength = (m + 7) >>> 3;
    const w = this.words;
    this.#product = new Int32Array(2 * w + 1);
    this.#table = new Int32Array(16 * (w + 1));
    this.#shifted = new Int32Array(4 * (w + 1));
    this.#t1 = new Int32Array(w);
    this.#t2 = new Int32Array(w);
    this.#reduceShifts = [...sorted, 0].map((k) => ({ word: (m - k) >>> 5, bit: (m - k) & 31 }));
    this.#lowTerms = [...sorted, 0].map((k) => ({ word: k >>> 5, bit: k & 31 }));
    this.#topWord = m >>> 5;
    this.#topBit = m & 31;
  }

  zero(): FieldElement {
    return new Int32Array(this.words);
  }

  one(): FieldElement {
    const one = new Int32Array(this.words);
    one[0] = 1;
    return one;
  }

  copy(a: FieldElement): FieldElement {
    return Int32Array.from(a);
  }

  isZero(a: FieldElement): boolean {
    let acc = 0;
    for (let i = 0; i < this.words; i++) acc |= a[i];
    return acc === 0;
  }

  equals(a: FieldElement, b: FieldElement): boolean {
    let acc = 0;
    for (let i = 0; i < this.words; i++) acc |= a[i] ^ b[i];
    return acc === 0;
  }

  isOne(a: FieldElement): boolean {
    let acc = a[0] ^ 1;
    for (let i = 1; i < this.words; i++) acc |= a[i];
    return acc === 0;
  }

  /** From big-endian bytes (leading zeros allowed); undefined if the value has bits at or above m. */
  fromBytes(bytes: Uint8Array, out: FieldElement = this.zero()): FieldElement | undefined {
    out.fill(0);
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) continue;
      const bit = 8 * (bytes.length - 1 - i);
      if (bit >= 32 * this.words) return undefined;
      out[bit >>> 5] |= bytes[i] << (bit & 31);
    }
    return out[this.#topWord] >>> this.#topBit === 0 ? out : undefined;
  }

  /** Big-endian bytes, byteLength of them. */
  toBytes(a: FieldElement): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    for (let i = 0; i < this.byteLength; i++) {
      const bit = 8 * (this.byteLength - 1 - i);
      out[i] = (a[bit >>> 5] >>> (bit & 31)) & 255;
    }
    return out;
  }

  add(out: FieldElement, a: FieldElement, b: FieldElement): void {
    for (let i = 0; i < this.words; i++) out[i] = a[i] ^ b[i];
  }

  /** out = a·b; the table is built from b and indexed by the nibbles of a, so a must be public. */
  mul(out: FieldElement, a: FieldElement, b: FieldElement): void {
    const w = this.words;
    const row = w + 1;
    const table = this.#table;
    const c = this.#product;
    table.fill(0, 0, row);
    for (let i = 0; i < w; i++) table[row + i] = b[i];
    table[row + w] = 0;
    for (let u = 2; u < 16; u += 2) {
      const half = (u >>> 1) * row;
      const even = u * row;
      let carry = 0;
      for (let i = 0; i < row; i++) {
        const v = table[half + i];
        table[even + i] = (v << 1) | carry;
        carry = v >>> 31;
      }
      for (let i = 0; i < row; i++) table[even + row + i] = table[even + i] ^ table[row + i];
    }
    c.fill(0);
    for (let k = 28; k >= 0; k -= 4) {
      for (let j = 0; j < w; j++) {
        const base = ((a[j] >>> k) & 15) * row;
        for (let i = 0; i < row; i++) c[j + i] ^= table[base + i];
      }
      if (k !== 0) this.#shiftProduct4();
    }
    this.#reduce(out);
  }

  /** out = a·b with no secret-dependent memory index: each table row is rebuilt from masked shifts of b. */
  mulCt(out: FieldElement, a: FieldElement, b: FieldElement): void {
    const w = this.words;
    const row = w + 1;
    const s = this.#shifted;
    const c = this.#product;
    for (let i = 0; i < w; i++) s[i] = b[i];
    s[w] = 0;
    for (let t = 1; t < 4; t++) {
      let carry = 0;
      for (let i = 0; i < row; i++) {
        const v = s[(t - 1) * row + i];
        s[t * row + i] = (v << 1) | carry;
        carry = v >>> 31;
      }
    }
    c.fill(0);
    for (let k = 28; k >= 0; k -= 4) {
      for (let j = 0; j < w; j++) {
        const nibble = a[j] >>> k;
        const m0 = -(nibble & 1);
        const m1 = -((nibble >>> 1) & 1);
        const m2 = -((nibble >>> 2) & 1);
        const m3 = -((nibble >>> 3) & 1);
        for (let i = 0; i < row; i++) {
          c[j + i] ^= (s[i] & m0) ^ (s[row + i] & m1) ^ (s[2 * row + i] & m2) ^ (s[3 * row + i] & m3);
        }
      }
      if (k !== 0) this.#shiftProduct4();
    }
    this.#reduce(out);
  }

  sqr(out: FieldElement, a: FieldElement): void {
    const c = this.#product;
    for (let i = 0; i < this.words; i++) {
      const v = a[i];
      c[2 * i] = spread16(v & 0xffff);
      c[2 * i + 1] = spread16(v >>> 16);
    }
    c[2 * this.words] = 0;
    this.#reduce(out);
  }

  /** out = a^(2^times) */
  sqrTimes(out: FieldElement, a: FieldElement, times: number): void {
    if (out !== a) out.set(a);
    for (let i = 0; i < times; i++) this.sqr(out, out);
  }

  /**
   * out = a^-1 by Itoh–Tsujii (a^(2^m - 2) over an addition chain of m - 1): control flow depends on
   * m only; with `constantTime` the multiplications are `mulCt`. The inverse of 0 comes out as 0.
   */
  invert(out: FieldElement, a: FieldElement, constantTime = false): void {
    const beta = this.#t1;
    const t = this.#t2;
    const n = this.m - 1;
    beta.set(a);
    let k = 1;
    for (let bit = 31 - Math.clz32(n) - 1; bit >= 0; bit--) {
      this.sqrTimes(t, beta, k);
      this.#mulSecret(beta, t, beta, constantTime);
      k *= 2;
      if ((n >>> bit) & 1) {
        this.sqr(t, beta);
        this.#mulSecret(beta, t, a, constantTime);
        k += 1;
      }
    }
    this.sqr(out, beta);
  }

  /** Tr(a) ∈ {0, 1}: the parity of a masked by the traces of the basis monomials. */
  trace(a: FieldElement): number {
    const mask = (this.#traceMask ??= this.#computeTraceMask());
    let acc = 0;
    for (let i = 0; i < this.words; i++) acc ^= a[i] & mask[i];
    acc ^= acc >>> 16;
    acc ^= acc >>> 8;
    acc ^= acc >>> 4;
    acc ^= acc >>> 2;
    acc ^= acc >>> 1;
    return acc & 1;
  }

  /** H(a) = Σ a^(4^i), i = 0..(m-1)/2: for odd m and Tr(a) = 0, z = H(a) solves z² + z = a. */
  halfTrace(out: FieldElement, a: FieldElement): void {
    const t = this.copy(a);
    out.set(a);
    for (let i = 0; i < (this.m - 1) / 2; i++) {
      this.sqr(t, t);
      this.sqr(t, t);
      this.add(out, out, t);
    }
  }

  /** out = √a = a^(2^(m-1)) */
  sqrt(out: FieldElement, a: FieldElement): void {
    this.sqrTimes(out, a, this.m - 1);
  }

  #mulSecret(out: FieldElement, a: FieldElement, b: FieldElement, constantTime: boolean): void {
    if (constantTime) this.mulCt(out, a, b);
    else this.mul(out, a, b);
  }

  #shiftProduct4(): void {
    const c = this.#product;
    for (let i = c.length - 1; i > 0; i--) c[i] = (c[i] << 4) | (c[i - 1] >>> 28);
    c[0] <<= 4;
  }

  /** Reduces the double-length product into out, folding whole words from the top. */
  #reduce(out: FieldElement): void {
    const c = this.#product;
    const shifts = this.#reduceShifts;
    const top = this.#topWord;
    for (let j = c.length - 1; j > top; j--) {
      const z = c[j];
      c[j] = 0;
      for (let t = 0; t < shifts.length; t++) {
        const { word, bit } = shifts[t];
        c[j - word] ^= z >>> bit;
        if (bit !== 0) c[j - word - 1] ^= z << (32 - bit);
      }
    }
    // The bits at and above m in the top word fold once: they land at most at k1 + 31 < m.
    const bit = this.#topBit;
    const z = c[top] >>> bit;
    c[top] &= (1 << bit) - 1;
    for (const low of this.#lowTerms) {
      c[low.word] ^= z << low.bit;
      if (low.bit !== 0) c[low.word + 1] ^= z >>> (32 - low.bit);
    }
    for (let i = 0; i < this.words; i++) out[i] = c[i];
  }

  /** Tr(x^i) = p_i, the power sums of the roots of f, by Newton's identities (characteristic 2). */
  #computeTraceMask(): Int32Array {
    const m = this.m;
    const coefficients = new Set([...this.terms, 0]);
    const p = new Uint8Array(m);
    p[0] = m & 1;
    for (let i = 1; i < m; i++) {
      let value = (i & 1) === 1 && coefficients.has(m - i) ? 1 : 0;
      for (const t of coefficients) {
        const j = m - t;
        if (j <= i - 1) value ^= p[i - j];
      }
      p[i] = value;
    }
    const mask = new Int32Array(this.words);
    for (let i = 0; i < m; i++) if (p[i]) mask[i >>> 5] |= 1 << (i & 31);
    return mask;
  }
}
