import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DSTU_CURVE_NAMES, dstuCurveByName, type DstuCurve } from '../../main/core/crypto/dstu';
import type { AffinePoint } from '../../main/core/crypto/dstu/binary-curve';
import { ladderBaseX, ladderPoint } from '../../main/core/crypto/dstu/montgomery-ladder';
import { buildComb, combDoubleScalarX } from '../../main/core/crypto/dstu/fixed-base-comb';
import { doubleScalarX, multiplyPublic, oddMultiples } from '../../main/core/crypto/dstu/point-multiplication';

/*
 * The word-array arithmetic against a plain BigInt reference (tests may use BigInt; main/ does not):
 * carry-less products reduced by the curve's polynomial, inversion by Euclid, and the affine group law.
 */

type Poly = bigint;

function toBig(words: Int32Array): Poly {
  let value = 0n;
  for (let i = words.length - 1; i >= 0; i--) value = (value << 32n) | BigInt(words[i] >>> 0);
  return value;
}

function fromBig(curve: DstuCurve, value: Poly): Int32Array {
  const words = curve.field.zero();
  for (let i = 0; i < words.length; i++) words[i] = Number((value >> BigInt(32 * i)) & 0xffffffffn) | 0;
  return words;
}

function degree(a: Poly): number {
  if (a === 0n) return -1;
  const hex = a.toString(16);
  return 4 * (hex.length - 1) + 31 - Math.clz32(parseInt(hex[0], 16));
}

class Reference {
  readonly modulus: Poly;
  constructor(readonly curve: DstuCurve) {
    this.modulus = (1n << BigInt(curve.field.m)) | 1n | curve.field.terms.reduce((acc, k) => acc | (1n << BigInt(k)), 0n);
  }

  reduce(a: Poly): Poly {
    const m = this.curve.field.m;
    for (let d = 2 * m; d >= m; d--) if ((a >> BigInt(d)) & 1n) a ^= this.modulus << BigInt(d - m);
    return a;
  }

  mul(a: Poly, b: Poly): Poly {
    // Four bits of b at a time against the 16 multiples of a.
    const table = [0n, a];
    for (let t = 2; t < 16; t++) table.push(t & 1 ? table[t - 1] ^ a : table[t >> 1] << 1n);
    let result = 0n;
    for (let i = Math.ceil(this.curve.field.m / 4) * 4; i >= 0; i -= 4) result = (result << 4n) ^ table[Number((b >> BigInt(i)) & 15n)];
    return this.reduce(result);
  }

  inv(a: Poly): Poly {
    // Extended Euclid over GF(2)[x].
    let [r0, r1, s0, s1] = [this.modulus, a, 0n, 1n];
    while (r1 !== 0n) {
      while (degree(r0) >= degree(r1)) {
        const shift = BigInt(degree(r0) - degree(r1));
        r0 ^= r1 << shift;
        s0 ^= s1 << shift;
      }
      [r0, r1, s0, s1] = [r1, r0, s1, s0];
    }
    return this.reduce(s0);
  }

  add(p: { x: Poly; y: Poly } | null, q: { x: Poly; y: Poly } | null): { x: Poly; y: Poly } | null {
    if (p === null) return q;
    if (q === null) return p;
    const a = BigInt(this.curve.a);
    let lambda: Poly;
    if (p.x === q.x) {
      if (p.y !== q.y || p.x === 0n) return null;
      lambda = p.x ^ this.mul(p.y, this.inv(p.x));
    } else {
      lambda = this.mul(p.y ^ q.y, this.inv(p.x ^ q.x));
    }
    const x = this.mul(lambda, lambda) ^ lambda ^ p.x ^ q.x ^ a;
    const y = this.mul(lambda, p.x ^ x) ^ x ^ p.y;
    return { x, y };
  }

  multiply(k: bigint, p: { x: Poly; y: Poly }): { x: Poly; y: Poly } | null {
    let result: { x: Poly; y: Poly } | null = null;
    for (let i = k.toString(2).length - 1; i >= 0; i--) {
      result = this.add(result, result);
      if ((k >> BigInt(i)) & 1n) result = this.add(result, p);
    }
    return result;
  }
}

const bigOfBytes = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));
const scalarToBig = (limbs: Int32Array) => limbs.reduceRight((acc, limb) => (acc << 16n) | BigInt(limb), 0n);
const randomElement = (curve: DstuCurve) => {
  const bytes = crypto.randomBytes(curve.field.byteLength);
  bytes[0] &= (1 << (curve.field.m % 8)) - 1;
  return curve.field.fromBytes(bytes) as Int32Array;
};
const randomScalar = (curve: DstuCurve) => curve.scalars.reduceBytes(crypto.randomBytes(curve.scalars.byteLength + 8));
const pointToBig = (p: AffinePoint) => ({ x: toBig(p.x), y: toBig(p.y) });

describe.each(DSTU_CURVE_NAMES)('GF(2^m) and the curve %s against a BigInt reference', (name) => {
  const curve = dstuCurveByName(name);
  const f = curve.field;
  const ref = new Reference(curve);

  it('multiplies (comb and constant-time), squares, inverts and takes square roots', () => {
    for (let round = 0; round < 8; round++) {
      const a = randomElement(curve);
      const b = randomElement(curve);
      const out = f.zero();
      f.mul(out, a, b);
      expect(toBig(out)).toBe(ref.mul(toBig(a), toBig(b)));
      f.mulCt(out, a, b);
      expect(toBig(out)).toBe(ref.mul(toBig(a), toBig(b)));
      f.sqr(out, a);
      expect(toBig(out)).toBe(ref.mul(toBig(a), toBig(a)));
      f.invert(out, a);
      expect(toBig(out)).toBe(ref.inv(toBig(a)));
      f.invert(out, a, true);
      expect(toBig(out)).toBe(ref.inv(toBig(a)));
      f.sqrt(out, a);
      expect(ref.mul(toBig(out), toBig(out))).toBe(toBig(a));
    }
    const zero = f.zero();
    f.invert(zero, zero);
    expect(f.isZero(zero)).toBe(true);
  });

  it('computes the trace from its mask and solves z² + z = β with the half-trace', () => {
    for (let round = 0; round < 6; round++) {
      const a = randomElement(curve);
      let power = toBig(a);
      let trace = power;
      for (let i = 1; i < f.m; i++) {
        power = ref.mul(power, power);
        trace ^= power;
      }
      expect(trace === 0n || trace === 1n).toBe(true);
      expect(f.trace(a)).toBe(Number(trace));
      if (trace === 0n) {
        const z = f.zero();
        f.halfTrace(z, a);
        expect(ref.mul(toBig(z), toBig(z)) ^ toBig(z)).toBe(toBig(a));
      }
    }
  });

  it('has a base point of order n with a cofactor that fits the Hasse bound', () => {
    expect(curve.isOnCurve(curve.base)).toBe(true);
    expect(curve.hasOrderN(curve.base)).toBe(true);
    // The point of order 2, (0, √b), is on the curve but not in the group of order n.
    const two = { x: f.zero(), y: f.zero() };
    f.sqrt(two.y, curve.b);
    expect(curve.isOnCurve(two)).toBe(true);
    expect(curve.hasOrderN(two)).toBe(false);
    expect(curve.hasOrderN(curve.add(curve.base, two) as AffinePoint)).toBe(false);
    expect(ref.multiply(bigOfBytes(curve.nBytes), pointToBig(curve.base))).toBeNull();
    const n = bigOfBytes(curve.nBytes);
    const q = 1n << BigInt(f.m);
    const bound = 1n << BigInt(Math.ceil(f.m / 2) + 1);
    const cofactors = [2n, 4n].filter((h) => (q + 1n - h * n < 0n ? h * n - q - 1n : q + 1n - h * n) <= bound);
    expect(cofactors).toEqual([BigInt(curve.cofactor as number)]);
  });

  it('multiplies points: the ladder, the NAF multiplication and the double multiplication agree with the reference', () => {
    const k = randomScalar(curve);
    const expected = ref.multiply(scalarToBig(k), pointToBig(curve.base));
    expect(expected).not.toBeNull();
    expect(toBig(ladderBaseX(curve, k))).toBe(expected?.x);
    expect(pointToBig(ladderPoint(curve, k, curve.base))).toEqual(expected);
    expect(pointToBig(multiplyPublic(curve, k, curve.base) as AffinePoint)).toEqual(expected);
    const q = ladderPoint(curve, randomScalar(curve), curve.base);
    const s = randomScalar(curve);
    const r = randomScalar(curve);
    const sum = ref.add(ref.multiply(scalarToBig(s), pointToBig(curve.base)), ref.multiply(scalarToBig(r), pointToBig(q)));
    expect(toBig(doubleScalarX(curve, s, curve.baseTable(), r, oddMultiples(curve, q, 5)) as Int32Array)).toBe(sum?.x);
    const qComb = buildComb(curve, q);
    expect(qComb).not.toBeNull();
    expect(toBig(combDoubleScalarX(curve, s, curve.baseComb() as NonNullable<ReturnType<typeof buildComb>>, r, qComb as NonNullable<typeof qComb>) as Int32Array)).toBe(sum?.x);
    // P + (−P) is the point at infinity.
    const minus = curve.negate(q);
    expect(doubleScalarX(curve, curve.scalars.fromBytes(Uint8Array.of(1)), oddMultiples(curve, q, 4), curve.scalars.fromBytes(Uint8Array.of(1)), oddMultiples(curve, minus, 4))).toBeUndefined();
  });

  it('compresses points as DSTU 4145 does and decompresses them back', () => {
    for (let round = 0; round < 4; round++) {
      const point = ladderPoint(curve, randomScalar(curve), curve.base);
      const compressed = curve.compress(point);
      const decompressed = curve.decompress(compressed) as AffinePoint;
      expect(pointToBig(decompressed)).toEqual(pointToBig(point));
      // The lowest bit of x is replaced by Tr(y/x).
      const z = ref.mul(toBig(point.y), ref.inv(toBig(point.x)));
      const expected = (toBig(point.x) & ~1n) | BigInt(f.trace(fromBig(curve, z)));
      expect(bigOfBytes(compressed)).toBe(expected);
    }
  });

  it('reduces, multiplies and adds scalars modulo n in fixed width', () => {
    const n = bigOfBytes(curve.nBytes);
    const scalars = curve.scalars;
    for (let round = 0; round < 6; round++) {
      const wide = crypto.randomBytes(scalars.byteLength + 8);
      const reduced = scalars.reduceBytes(wide);
      expect(scalarToBig(reduced)).toBe(bigOfBytes(wide) % n);
      const a = randomScalar(curve);
      const b = randomScalar(curve);
      const c = randomScalar(curve);
      const out = scalars.zero();
      scalars.mulAddMod(out, a, b, c);
      expect(scalarToBig(out)).toBe((scalarToBig(a) * scalarToBig(b) + scalarToBig(c)) % n);
      scalars.addMod(out, a, b);
      expect(scalarToBig(out)).toBe((scalarToBig(a) + scalarToBig(b)) % n);
      const ladder = scalarToBig(scalars.ladderScalar(a));
      expect(ladder % n).toBe(scalarToBig(a));
      expect(ladder.toString(2).length).toBe(scalars.bits + 1);
    }
    expect(scalarToBig(scalars.ladderScalar(scalars.fromBytes(curve.nBytes.map((byte, i, all) => (i === all.length - 1 ? byte - 1 : byte))))).toString(2).length).toBe(scalars.bits + 1);
  });
});
