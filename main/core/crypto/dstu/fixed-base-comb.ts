import type { AffinePoint, BinaryCurve } from './binary-curve';
import type { FieldElement } from './binary-field';
import { addMixed, affineX, doubleLd, ProjectivePoint, VerifyScratch } from './point-multiplication';
import type { Scalar } from './scalar';

/** Comb width: 255 precomputed points, ⌈L/8⌉ doublings per verification. */
const WIDTH = 8;

/**
 * A fixed-base comb (Lim–Lee) of a public point P: entry u (1 ≤ u < 2^8) is Σ 2^(j·d)·P over the set
 * bits j of u, d = ⌈L/8⌉ for the L-bit order. Verification with combs of both G and Q needs d doublings
 * instead of L; building one costs about two verifications, so keys earn one when they are reused.
 */
export interface CombTable {
  readonly spacing: number;
  readonly points: readonly AffinePoint[];
}

/** Inverts every element in place with one field inversion (Montgomery's trick); variable-time. */
function invertAll(curve: BinaryCurve, values: FieldElement[]): void {
  const f = curve.field;
  const prefix: FieldElement[] = [];
  let running = f.one();
  for (const value of values) {
    prefix.push(running);
    const next = f.zero();
    f.mul(next, running, value);
    running = next;
  }
  const inverse = f.zero();
  f.invert(inverse, running);
  for (let i = values.length - 1; i >= 0; i--) {
    const single = f.zero();
    f.mul(single, inverse, prefix[i]);
    f.mul(inverse, inverse, values[i]);
    values[i].set(single);
  }
}

function toAffine(curve: BinaryCurve, point: ProjectivePoint): AffinePoint | undefined {
  const f = curve.field;
  if (point.infinity || f.isZero(point.Z)) return undefined;
  const zInverse = f.zero();
  f.invert(zInverse, point.Z);
  const x = f.zero();
  f.mul(x, point.X, zInverse);
  f.sqr(zInverse, zInverse);
  const y = f.zero();
  f.mul(y, point.Y, zInverse);
  return { x, y };
}

/** The comb of P, or null in the (negligible) case of a coincidence between its entries. */
export function buildComb(curve: BinaryCurve, point: AffinePoint): CombTable | null {
  const f = curve.field;
  const spacing = Math.ceil(curve.scalars.bits / WIDTH);
  const scratch = new VerifyScratch(curve);
  const powers: AffinePoint[] = [point];
  for (let j = 1; j < WIDTH; j++) {
    const acc = new ProjectivePoint(curve);
    addMixed(curve, acc, powers[j - 1], false, scratch);
    for (let i = 0; i < spacing; i++) doubleLd(curve, acc, scratch);
    const next = toAffine(curve, acc);
    if (!next) return null;
    powers.push(next);
  }
  // entries[u] for u = 1 … 2^WIDTH − 1; level j adds 2^(j·d)·P to every entry below 2^j.
  const entries: AffinePoint[] = [];
  for (let j = 0; j < WIDTH; j++) {
    const p = powers[j];
    const level = entries.slice(0, (1 << j) - 1);
    const denominators = level.map((q) => {
      const dx = f.zero();
      f.add(dx, q.x, p.x);
      return dx;
    });
    if (denominators.some((dx) => f.isZero(dx))) return null;
    invertAll(curve, denominators);
    const sums = level.map((q, i) => {
      // λ = (y1 + y2)/(x1 + x2), x3 = λ² + λ + x1 + x2 + a, y3 = λ(x1 + x3) + x3 + y1
      const lambda = f.zero();
      f.add(lambda, q.y, p.y);
      f.mul(lambda, lambda, denominators[i]);
      const x3 = f.zero();
      f.sqr(x3, lambda);
      f.add(x3, x3, lambda);
      f.add(x3, x3, q.x);
      f.add(x3, x3, p.x);
      if (curve.a === 1) x3[0] ^= 1;
      const y3 = f.zero();
      f.add(y3, q.x, x3);
      f.mul(y3, lambda, y3);
      f.add(y3, y3, x3);
      f.add(y3, y3, q.y);
      return { x: x3, y: y3 };
    });
    entries.push(p, ...sums);
  }
  return { spacing, points: entries };
}

function column(curve: BinaryCurve, k: Scalar, spacing: number, i: number): number {
  let u = 0;
  for (let j = 0; j < WIDTH; j++) u |= curve.scalars.bit(k, j * spacing + i) << j;
  return u;
}

/** The affine x of s·P + r·Q from the combs of P and Q (variable-time: public scalars), undefined for infinity. */
export function combDoubleScalarX(curve: BinaryCurve, s: Scalar, p: CombTable, r: Scalar, q: CombTable): FieldElement | undefined {
  const acc = new ProjectivePoint(curve);
  const scratch = new VerifyScratch(curve);
  for (let i = p.spacing - 1; i >= 0; i--) {
    doubleLd(curve, acc, scratch);
    const u = column(curve, s, p.spacing, i);
    if (u !== 0) addMixed(curve, acc, p.points[u - 1], false, scratch);
    const v = column(curve, r, q.spacing, i);
    if (v !== 0) addMixed(curve, acc, q.points[v - 1], false, scratch);
  }
  return affineX(curve, acc);
}
