import type { AffinePoint, BinaryCurve } from './binary-curve';
import type { FieldElement } from './binary-field';
import type { Scalar } from './scalar';

/** Odd multiples P, 3P, …, (2^(w-1) - 1)P in affine form, for windowed NAF. */
export interface OddMultiples {
  readonly width: number;
  readonly points: readonly AffinePoint[];
}

export function oddMultiples(curve: BinaryCurve, point: AffinePoint, width: number): OddMultiples {
  const points: AffinePoint[] = [point];
  const twice = curve.double(point);
  for (let i = 1; i < 1 << (width - 2); i++) {
    const next = curve.add(points[i - 1], twice);
    if (next === null) throw new RangeError('The point has a small order');
    points.push(next);
  }
  return { width, points };
}

/** Width-w NAF digits of a public scalar, least significant first (variable-time). */
export function wnaf(curve: BinaryCurve, k: Scalar, width: number): Int8Array {
  const limbs = Int32Array.from(k);
  const digits = new Int8Array(curve.scalars.bits + 2);
  const full = 1 << width;
  let i = 0;
  const isZero = () => limbs.every((limb) => limb === 0);
  while (!isZero()) {
    if (limbs[0] & 1) {
      let digit = limbs[0] & (full - 1);
      if (digit >= full >>> 1) digit -= full;
      digits[i] = digit;
      // k -= digit (digit odd, |digit| < 2^(w-1)): adjust the low limb, then propagate.
      let carry = -digit;
      for (let j = 0; j < limbs.length && carry !== 0; j++) {
        const v = limbs[j] + carry;
        limbs[j] = v & 0xffff;
        carry = v >> 16;
      }
    }
    let carry = 0;
    for (let j = limbs.length - 1; j >= 0; j--) {
      const v = limbs[j];
      limbs[j] = (v >>> 1) | (carry << 15);
      carry = v & 1;
    }
    i++;
  }
  return digits;
}

/**
 * López–Dahab projective point (x = X/Z, y = Y/Z²) with preallocated temporaries, for the
 * variable-time multi-scalar multiplication of signature verification.
 */
export class ProjectivePoint {
  readonly X: FieldElement;
  readonly Y: FieldElement;
  readonly Z: FieldElement;
  infinity = true;

  constructor(curve: BinaryCurve) {
    this.X = curve.field.zero();
    this.Y = curve.field.zero();
    this.Z = curve.field.zero();
  }
}

export class VerifyScratch {
  readonly t: FieldElement[];
  constructor(curve: BinaryCurve) {
    this.t = Array.from({ length: 8 }, () => curve.field.zero());
  }
}

/** R ← 2R: Z3 = X²Z², X3 = X⁴ + bZ⁴, Y3 = bZ⁴·Z3 + X3·(aZ3 + Y² + bZ⁴). */
export function doubleLd(curve: BinaryCurve, r: ProjectivePoint, s: VerifyScratch): void {
  if (r.infinity) return;
  const f = curve.field;
  const [x2, z2, bz4, z3, t] = s.t;
  if (f.isZero(r.X)) {
    r.infinity = true;
    return;
  }
  f.sqr(x2, r.X);
  f.sqr(z2, r.Z);
  f.sqr(bz4, z2);
  f.mul(bz4, curve.b, bz4);
  f.mul(z3, x2, z2);
  f.sqr(r.X, x2);
  f.add(r.X, r.X, bz4);
  f.sqr(t, r.Y);
  f.add(t, t, bz4);
  if (curve.a === 1) f.add(t, t, z3);
  f.mul(t, r.X, t);
  f.mul(r.Y, z3, bz4);
  f.add(r.Y, r.Y, t);
  r.Z.set(z3);
}

/** R ← R + Q for affine Q (mixed addition), with the exceptional cases handled. */
export function addMixed(curve: BinaryCurve, r: ProjectivePoint, q: AffinePoint, negate: boolean, s: VerifyScratch): void {
  const f = curve.field;
  const [a, b, c, d, e, g, z1sq, qy] = s.t;
  if (negate) f.add(qy, q.x, q.y);
  else qy.set(q.y);
  if (r.infinity) {
    r.X.set(q.x);
    r.Y.set(qy);
    r.Z.fill(0);
    r.Z[0] = 1;
    r.infinity = false;
    return;
  }
  // A = y2·Z1² + Y1, B = x2·Z1 + X1, C = Z1·B, D = B²(C + aZ1²), Z3 = C², E = A·C,
  // X3 = A² + D + E, F = X3 + x2·Z3, G = (x2 + y2)·Z3², Y3 = (E + Z3)·F + G
  f.sqr(z1sq, r.Z);
  f.mul(a, qy, z1sq);
  f.add(a, a, r.Y);
  f.mul(b, q.x, r.Z);
  f.add(b, b, r.X);
  if (f.isZero(b)) {
    if (f.isZero(a)) {
      r.X.set(q.x);
      r.Y.set(qy);
      r.Z.fill(0);
      r.Z[0] = 1;
      doubleLd(curve, r, s);
    } else {
      r.infinity = true;
    }
    return;
  }
  f.mul(c, r.Z, b);
  if (curve.a === 1) f.add(d, c, z1sq);
  else d.set(c);
  f.sqr(b, b);
  f.mul(d, b, d);
  f.sqr(r.Z, c);
  f.mul(e, a, c);
  f.sqr(r.X, a);
  f.add(r.X, r.X, d);
  f.add(r.X, r.X, e);
  f.mul(g, q.x, r.Z);
  f.add(g, g, r.X);
  f.add(e, e, r.Z);
  f.mul(r.Y, e, g);
  f.add(a, q.x, qy);
  f.sqr(b, r.Z);
  f.mul(a, a, b);
  f.add(r.Y, r.Y, a);
}

/**
 * The affine x coordinate of s·P + r·Q from NAF tables of both points (variable-time: public
 * scalars), or undefined if the sum is the point at infinity.
 */
export function doubleScalarX(curve: BinaryCurve, s: Scalar, p: OddMultiples, r: Scalar, q: OddMultiples): FieldElement | undefined {
  const ds = wnaf(curve, s, p.width);
  const dr = wnaf(curve, r, q.width);
  const acc = new ProjectivePoint(curve);
  const scratch = new VerifyScratch(curve);
  for (let i = Math.max(ds.length, dr.length) - 1; i >= 0; i--) {
    doubleLd(curve, acc, scratch);
    const a = ds[i];
    if (a !== 0) addMixed(curve, acc, p.points[Math.abs(a) >>> 1], a < 0, scratch);
    const b = dr[i];
    if (b !== 0) addMixed(curve, acc, q.points[Math.abs(b) >>> 1], b < 0, scratch);
  }
  return affineX(curve, acc);
}

/** x = X/Z of a projective point, or undefined for the point at infinity. */
export function affineX(curve: BinaryCurve, point: ProjectivePoint): FieldElement | undefined {
  if (point.infinity || curve.field.isZero(point.Z)) return undefined;
  const x = curve.field.zero();
  curve.field.invert(x, point.Z);
  curve.field.mul(x, point.X, x);
  return x;
}

/** k·P for a public scalar (variable-time), as an affine point or null for infinity. */
export function multiplyPublic(curve: BinaryCurve, k: Scalar, point: AffinePoint): AffinePoint | null {
  const table = oddMultiples(curve, point, 4);
  const digits = wnaf(curve, k, 4);
  const acc = new ProjectivePoint(curve);
  const scratch = new VerifyScratch(curve);
  for (let i = digits.length - 1; i >= 0; i--) {
    doubleLd(curve, acc, scratch);
    const d = digits[i];
    if (d !== 0) addMixed(curve, acc, table.points[Math.abs(d) >>> 1], d < 0, scratch);
  }
  if (acc.infinity || curve.field.isZero(acc.Z)) return null;
  const f = curve.field;
  const zInv = f.zero();
  f.invert(zInv, acc.Z);
  const x = f.zero();
  f.mul(x, acc.X, zInv);
  const y = f.zero();
  f.sqr(zInv, zInv);
  f.mul(y, acc.Y, zInv);
  return { x, y };
}
