import type { AffinePoint, BinaryCurve } from './binary-curve';
import type { FieldElement } from './binary-field';
import type { Scalar } from './scalar';

/** Swaps a and b when mask is all ones, leaves them when it is zero; no branch, no index. */
function conditionalSwap(mask: number, a: FieldElement, b: FieldElement): void {
  for (let i = 0; i < a.length; i++) {
    const t = (a[i] ^ b[i]) & mask;
    a[i] ^= t;
    b[i] ^= t;
  }
}

interface LadderState {
  x1: FieldElement;
  z1: FieldElement;
  x2: FieldElement;
  z2: FieldElement;
}

/**
 * The López–Dahab Montgomery ladder on x coordinates for a secret scalar: the same field operations
 * in the same order for every scalar of the curve (the ScalarField's ladder form k + n or k + 2·n has
 * its top bit at position `bits`, so the loop length is fixed), conditional swaps by masks, and
 * multiplications by secret values through `mulCt` (multiplications by the public x or b go through
 * the comb with the public operand indexing the table). Returns (X1 : Z1) = kP and (X2 : Z2) = (k+1)P.
 */
function ladder(curve: BinaryCurve, k: Scalar, x: FieldElement): LadderState {
  const f = curve.field;
  const bits = curve.scalars.bits;
  const x1 = f.copy(x);
  const z1 = f.one();
  const x2 = f.zero();
  const z2 = f.zero();
  f.sqr(z2, x);
  f.sqr(x2, z2);
  f.add(x2, x2, curve.b);
  const t1 = f.zero();
  const t2 = f.zero();
  let swapped = 0;
  for (let i = bits - 1; i >= 0; i--) {
    const bit = curve.scalars.bit(k, i);
    conditionalSwap(-(bit ^ swapped), x1, x2);
    conditionalSwap(-(bit ^ swapped), z1, z2);
    swapped = bit;
    // (X2 : Z2) ← P1 + P2: T1 = X1·Z2, T2 = X2·Z1, Z2 = (T1 + T2)², X2 = x·Z2 + T1·T2
    f.mulCt(t1, x1, z2);
    f.mulCt(t2, x2, z1);
    f.add(z2, t1, t2);
    f.sqr(z2, z2);
    f.mulCt(t1, t1, t2);
    f.mul(x2, x, z2);
    f.add(x2, x2, t1);
    // (X1 : Z1) ← 2·P1: Z1 = X1²·Z1², X1 = X1⁴ + b·Z1⁴
    f.sqr(t1, x1);
    f.sqr(t2, z1);
    f.mulCt(z1, t1, t2);
    f.sqr(t1, t1);
    f.sqr(t2, t2);
    f.mul(t2, curve.b, t2);
    f.add(x1, t1, t2);
  }
  conditionalSwap(-swapped, x1, x2);
  conditionalSwap(-swapped, z1, z2);
  t1.fill(0);
  t2.fill(0);
  return { x1, z1, x2, z2 };
}

/** The affine x coordinate of k·G for a secret k (0 < k < n), in constant time; zero if kG = O. */
export function ladderBaseX(curve: BinaryCurve, k: Scalar): FieldElement {
  const f = curve.field;
  const scalar = curve.scalars.ladderScalar(k);
  const state = ladder(curve, scalar, curve.base.x);
  scalar.fill(0);
  const out = f.zero();
  f.invert(out, state.z1, true);
  f.mulCt(out, state.x1, out);
  wipe(state);
  return out;
}

/**
 * k·P as an affine point for a secret k (0 < k < n) and a public point P, in constant time, with the
 * y coordinate recovered from kP and (k+1)P (López–Dahab):
 * y = (x + x_k)·[(X1 + x·Z1)(X2 + x·Z2) + (x² + y)·Z1·Z2]·(x·Z1·Z2)^-1 + y.
 */
export function ladderPoint(curve: BinaryCurve, k: Scalar, point: AffinePoint): AffinePoint {
  const f = curve.field;
  const scalar = curve.scalars.ladderScalar(k);
  const { x1, z1, x2, z2 } = ladder(curve, scalar, point.x);
  scalar.fill(0);
  // (k+1)P = O only for k = n - 1, then kP = -P (the formula below would divide by zero).
  if (f.isZero(z2)) return curve.negate(point);
  const { x, y } = point;
  const t1 = f.zero();
  const t2 = f.zero();
  const t3 = f.zero();
  const t4 = f.zero();
  // t4 = (x·Z1·Z2)^-1
  f.mulCt(t4, z1, z2);
  f.mul(t4, x, t4);
  f.invert(t4, t4, true);
  // x_k = X1·(x·Z2)·t4
  f.mul(t1, x, z2);
  f.mulCt(t1, x1, t1);
  const xk = f.zero();
  f.mulCt(xk, t1, t4);
  // bracket = (X1 + x·Z1)(X2 + x·Z2) + (x² + y)·Z1·Z2
  f.mul(t1, x, z1);
  f.add(t1, t1, x1);
  f.mul(t2, x, z2);
  f.add(t2, t2, x2);
  f.mulCt(t1, t1, t2);
  f.sqr(t2, x);
  f.add(t2, t2, y);
  f.mulCt(t3, z1, z2);
  f.mulCt(t2, t2, t3);
  f.add(t1, t1, t2);
  // y_k = (x + x_k)·bracket·t4 + y
  f.add(t2, x, xk);
  f.mulCt(t1, t2, t1);
  const yk = f.zero();
  f.mulCt(yk, t1, t4);
  f.add(yk, yk, y);
  for (const t of [t1, t2, t3, t4, x1, z1, x2, z2]) t.fill(0);
  return { x: xk, y: yk };
}

function wipe(state: LadderState): void {
  state.x1.fill(0);
  state.z1.fill(0);
  state.x2.fill(0);
  state.z2.fill(0);
}
