import { BinaryField, type FieldElement } from './binary-field';
import { ScalarField } from './scalar';

/** A finite point in affine coordinates; the point at infinity is `null`. */
export interface AffinePoint {
  readonly x: FieldElement;
  readonly y: FieldElement;
}

export interface BinaryCurveParameters {
  m: number;
  /** Middle exponents of the field polynomial (one or three). */
  terms: readonly number[];
  a: 0 | 1;
  /** Big-endian. */
  b: Uint8Array;
  /** Big-endian order of the base point. */
  n: Uint8Array;
}

/**
 * A DSTU 4145 curve y² + xy = x³ + ax² + b over GF(2^m) with its base point of prime order n, and the
 * affine group law. This class holds the parameters and the simple (variable-time) operations; the fast
 * scalar multiplications live in ./point-multiplication.ts.
 */
export class BinaryCurve {
  readonly field: BinaryField;
  readonly a: 0 | 1;
  readonly b: FieldElement;
  readonly scalars: ScalarField;
  readonly nBytes: Uint8Array;
  #base: AffinePoint | undefined;

  constructor(params: BinaryCurveParameters) {
    this.field = new BinaryField(params.m, params.terms);
    this.a = params.a;
    const b = this.field.fromBytes(params.b);
    if (!b || this.field.isZero(b)) throw new RangeError('The curve coefficient b is not a non-zero field element');
    this.b = b;
    this.nBytes = stripZeros(params.n);
    this.scalars = new ScalarField(this.nBytes);
  }

  get base(): AffinePoint {
    if (!this.#base) throw new RangeError('The curve has no base point yet');
    return this.#base;
  }

  /** Sets the base point once (after the caller has checked it). */
  setBase(point: AffinePoint): void {
    this.#base = point;
  }

  isOnCurve(point: AffinePoint): boolean {
    const f = this.field;
    const left = f.zero();
    const t = f.zero();
    f.sqr(left, point.y);
    f.mul(t, point.x, point.y);
    f.add(left, left, t);
    const x2 = f.zero();
    f.sqr(x2, point.x);
    const right = f.zero();
    f.mul(right, x2, point.x);
    if (this.a === 1) f.add(right, right, x2);
    f.add(right, right, this.b);
    return f.equals(left, right);
  }

  negate(point: AffinePoint): AffinePoint {
    const y = this.field.zero();
    this.field.add(y, point.x, point.y);
    return { x: this.field.copy(point.x), y };
  }

  equals(p: AffinePoint | null, q: AffinePoint | null): boolean {
    if (p === null || q === null) return p === q;
    return this.field.equals(p.x, q.x) && this.field.equals(p.y, q.y);
  }

  /** Affine doubling (variable-time; precomputation and tests). */
  double(p: AffinePoint | null): AffinePoint | null {
    if (p === null) return null;
    const f = this.field;
    if (f.isZero(p.x)) return null;
    // λ = x + y/x, x3 = λ² + λ + a, y3 = x² + (λ + 1)·x3
    const lambda = f.zero();
    f.invert(lambda, p.x);
    f.mul(lambda, lambda, p.y);
    f.add(lambda, lambda, p.x);
    const x3 = f.zero();
    f.sqr(x3, lambda);
    f.add(x3, x3, lambda);
    if (this.a === 1) x3[0] ^= 1;
    const y3 = f.zero();
    lambda[0] ^= 1;
    f.mul(y3, lambda, x3);
    const x2 = f.zero();
    f.sqr(x2, p.x);
    f.add(y3, y3, x2);
    return { x: x3, y: y3 };
  }

  /** Affine addition (variable-time; precomputation and tests). */
  add(p: AffinePoint | null, q: AffinePoint | null): AffinePoint | null {
    if (p === null) return q;
    if (q === null) return p;
    const f = this.field;
    const dx = f.zero();
    f.add(dx, p.x, q.x);
    const dy = f.zero();
    f.add(dy, p.y, q.y);
    if (f.isZero(dx)) return f.isZero(dy) ? this.double(p) : null;
    // λ = (y1 + y2)/(x1 + x2), x3 = λ² + λ + x1 + x2 + a, y3 = λ(x1 + x3) + x3 + y1
    const lambda = f.zero();
    f.invert(lambda, dx);
    f.mul(lambda, lambda, dy);
    const x3 = f.zero();
    f.sqr(x3, lambda);
    f.add(x3, x3, lambda);
    f.add(x3, x3, dx);
    if (this.a === 1) x3[0] ^= 1;
    const y3 = f.zero();
    f.add(y3, p.x, x3);
    f.mul(y3, lambda, y3);
    f.add(y3, y3, x3);
    f.add(y3, y3, p.y);
    return { x: x3, y: y3 };
  }

  /**
   * DSTU 4145 point compression (the standard's 6.9, as Bouncy Castle's DSTU4145PointEncoder): the x
   * coordinate, big-endian, whose lowest bit is replaced by Tr(y/x). Points of the prime-order group
   * have Tr(x) = Tr(a), which is how decompression restores that bit.
   */
  compress(point: AffinePoint): Uint8Array {
    const f = this.field;
    const bytes = f.toBytes(point.x);
    if (f.isZero(point.x)) return bytes;
    const z = f.zero();
    f.invert(z, point.x);
    f.mul(z, point.y, z);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] & 0xfe) | f.trace(z);
    return bytes;
  }

  /** The point a compressed encoding stands for, or undefined if there is none on this curve. */
  decompress(bytes: Uint8Array): AffinePoint | undefined {
    const f = this.field;
    const x = f.fromBytes(bytes);
    if (!x) return undefined;
    const k = x[0] & 1;
    x[0] &= ~1;
    if (f.trace(x) !== this.a) x[0] ^= 1;
    if (f.isZero(x)) {
      const y = f.zero();
      f.sqrt(y, this.b);
      return { x, y };
    }
    // With z = y/x: z² + z = x + a + b/x² =: β, solvable iff Tr(β) = 0, then z = H(β) or H(β) + 1.
    const beta = f.zero();
    f.sqr(beta, x);
    f.invert(beta, beta);
    f.mul(beta, this.b, beta);
    f.add(beta, beta, x);
    if (this.a === 1) beta[0] ^= 1;
    if (f.trace(beta) !== 0) return undefined;
    const z = f.zero();
    f.halfTrace(z, beta);
    if (f.trace(z) !== k) z[0] ^= 1;
    const y = f.zero();
    f.mul(y, x, z);
    const point = { x, y };
    return this.isOnCurve(point) ? point : undefined;
  }
}

export function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.slice(i);
}
