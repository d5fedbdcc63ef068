import { SigndeskError } from '../../../../preload/contract/errors';
import { BinaryCurve, stripZeros, type AffinePoint } from './binary-curve';
import { DSTU_NAMED_CURVES, type NamedCurveData } from './named-curves';
import { buildComb, type CombTable } from './fixed-base-comb';
import { multiplyPublic, oddMultiples, type OddMultiples } from './point-multiplication';

export const DSTU_CURVE_NAMES = ['M163', 'M167', 'M173', 'M179', 'M191', 'M233', 'M257', 'M307', 'M367', 'M431'] as const;
export type DstuCurveName = (typeof DSTU_CURVE_NAMES)[number];

/** Width of the cached NAF table of the base point (16 odd multiples). */
const BASE_TABLE_WIDTH = 6;

/**
 * A DSTU 4145 domain: a curve of the standard's table (with its name and OID) or one given by explicit
 * parameters, validated. Instances are cached and shared; they hold no secrets.
 */
export class DstuCurve extends BinaryCurve {
  readonly name: DstuCurveName | undefined;
  readonly oid: string | undefined;
  /** #E / n when known (the standard's curves: 2 or 4). */
  readonly cofactor: number | undefined;
  #baseTable: OddMultiples | undefined;
  #baseComb: CombTable | null | undefined;

  constructor(
    params: ConstructorParameters<typeof BinaryCurve>[0] & { base: AffinePoint | Uint8Array; name?: DstuCurveName; oid?: string; cofactor?: number },
  ) {
    super(params);
    this.name = params.name;
    this.oid = params.oid;
    this.cofactor = params.cofactor;
    const base = params.base instanceof Uint8Array ? this.decompress(params.base) : params.base;
    if (!base || !this.isOnCurve(base)) throw invalid('the base point is not on the curve');
    this.setBase(base);
  }

  /** Odd multiples of the base point for verification (computed once per curve). */
  baseTable(): OddMultiples {
    return (this.#baseTable ??= oddMultiples(this, this.base, BASE_TABLE_WIDTH));
  }

  /** The fixed-base comb of the base point for fast verification (built once per curve), or null if it cannot be. */
  baseComb(): CombTable | null {
    if (this.#baseComb === undefined) this.#baseComb = buildComb(this, this.base);
    return this.#baseComb;
  }

  /**
   * Whether a point of the curve lies in the subgroup of order n; variable-time, public points only.
   * With cofactor 2 that subgroup is 2E, the points with Tr(x) = Tr(a) (Knudsen's halving criterion), a
   * trace away; otherwise n·P = O is computed.
   */
  hasOrderN(point: AffinePoint): boolean {
    if (this.cofactor === 2 && this.a === 1) return !this.field.isZero(point.x) && this.field.trace(point.x) === 1;
    return multiplyPublic(this, this.scalars.n, point) === null;
  }

  /** The field size in bits (m). */
  get fieldBits(): number {
    return this.field.m;
  }
}

function invalid(reason: string): SigndeskError {
  return new SigndeskError('ERR_KEY_INVALID', `The DSTU 4145 curve parameters are not valid: ${reason}`);
}

const named = new Map<string, DstuCurve>();

function build(data: NamedCurveData): DstuCurve {
  return new DstuCurve({
    m: data.m,
    terms: data.terms,
    a: data.a,
    b: Buffer.from(data.b, 'hex'),
    n: Buffer.from(data.n, 'hex'),
    base: { x: hexElement(data.m, data.gx), y: hexElement(data.m, data.gy) },
    name: data.name as DstuCurveName,
    oid: data.oid,
    cofactor: data.cofactor,
  });
}

function hexElement(m: number, hex: string): Int32Array {
  const words = new Int32Array((m + 31) >>> 5);
  const bytes = Buffer.from(hex, 'hex');
  for (let i = 0; i < bytes.length; i++) {
    const bit = 8 * (bytes.length - 1 - i);
    words[bit >>> 5] |= bytes[i] << (bit & 31);
  }
  return words;
}

/** A curve of the standard by OID (1.2.804.2.1.1.1.1.3.1.1.2.0 … .9); ERR_KEY_ALGORITHM_UNSUPPORTED otherwise. */
export function dstuCurveByOid(oid: string): DstuCurve {
  const data = DSTU_NAMED_CURVES.find((curve) => curve.oid === oid);
  if (!data) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown DSTU 4145 curve ${oid}`);
  let curve = named.get(data.oid);
  if (!curve) {
    curve = build(data);
    named.set(data.oid, curve);
  }
  return curve;
}

export function dstuCurveByName(name: DstuCurveName): DstuCurve {
  const data = DSTU_NAMED_CURVES.find((curve) => curve.name === name);
  if (!data) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown DSTU 4145 curve ${String(name)}`);
  return dstuCurveByOid(data.oid);
}

export interface ExplicitCurve {
  m: number;
  terms: readonly number[];
  a: number;
  /** Big-endian. */
  b: Uint8Array;
  /** Big-endian. */
  n: Uint8Array;
  /** The base point in DSTU compressed form, big-endian. */
  base: Uint8Array;
}

const explicitCache = new Map<string, DstuCurve>();
const EXPLICIT_CACHE_LIMIT = 32;

/** The named curve these explicit parameters describe, if any (byte-for-byte on b, n and the base point). */
export function matchNamedCurve(params: ExplicitCurve): DstuCurve | undefined {
  const terms = [...params.terms].sort((a, b) => b - a).join(',');
  const b = Buffer.from(stripZeros(params.b)).toString('hex');
  const n = Buffer.from(stripZeros(params.n)).toString('hex');
  for (const data of DSTU_NAMED_CURVES) {
    if (data.m !== params.m || data.a !== params.a || data.terms.join(',') !== terms) continue;
    if (Buffer.from(stripZeros(Buffer.from(data.b, 'hex'))).toString('hex') !== b) continue;
    if (Buffer.from(stripZeros(Buffer.from(data.n, 'hex'))).toString('hex') !== n) continue;
    const curve = dstuCurveByOid(data.oid);
    const base = curve.decompress(params.base);
    if (base && curve.equals(base, curve.base)) return curve;
  }
  return undefined;
}

/**
 * A curve from explicit parameters: the named curve when they describe one, otherwise a new domain,
 * checked: a field we support, a ∈ {0, 1}, b ≠ 0, n of about the field size (cofactor at most 4, as in
 * the standard's table), the base point on the curve and of order n. Not checked: that n is prime and
 * the polynomial irreducible (both costly; the order check fails for most wrong parameters).
 */
export function dstuCurveFromExplicit(params: ExplicitCurve): DstuCurve {
  const match = matchNamedCurve(params);
  if (match) return match;
  const key = [params.m, [...params.terms].join('.'), params.a, Buffer.from(params.b).toString('hex'), Buffer.from(params.n).toString('hex'), Buffer.from(params.base).toString('hex')].join(':');
  const cached = explicitCache.get(key);
  if (cached) return cached;
  if (params.a !== 0 && params.a !== 1) throw invalid('a must be 0 or 1');
  const n = stripZeros(params.n);
  const nBits = n[0] === 0 ? 0 : 8 * n.length - Math.clz32(n[0]) + 24;
  if (nBits < params.m - 2 || nBits > params.m + 1 || (n[n.length - 1] & 1) === 0) throw invalid('the order n does not fit the field');
  let curve: DstuCurve;
  try {
    curve = new DstuCurve({ m: params.m, terms: params.terms, a: params.a, b: params.b, n, base: params.base });
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    throw invalid((error as Error).message);
  }
  if (!curve.hasOrderN(curve.base)) throw invalid('the base point does not have order n');
  if (explicitCache.size >= EXPLICIT_CACHE_LIMIT) explicitCache.delete(explicitCache.keys().next().value as string);
  explicitCache.set(key, curve);
  return curve;
}
