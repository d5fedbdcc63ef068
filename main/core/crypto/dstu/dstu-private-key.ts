import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigndeskError, type ErrorCode } from '../../../../preload/contract/errors';
import { DerReader, encodeDer, reversed, unsignedInteger } from './der';
import type { DstuCurve } from './dstu-curve';
import { DSTU_OIDS, dstuByteOrder, type DstuByteOrder } from './dstu-oids';
import { dstuParametersNode, readDstuParameters } from './dstu-params';
import { DstuPublicKey } from './dstu-public-key';
import { encodeDstuSignature, hashToField, truncateToScalar } from './dstu-signature';
import { ladderBaseX, ladderPoint } from './montgomery-ladder';
import type { Scalar } from './scalar';

/** How the private scalar sits in the PrivateKeyInfo's OCTET STRING. */
export type DstuPrivateKeyEncoding =
  /** A DER INTEGER, big-endian: unambiguous, what Bouncy Castle reads and writes (the default). */
  | 'integer'
  /** Raw bytes, little-endian: what IIT and other Ukrainian software read under the little-endian OID. */
  | 'raw-le';

export interface DstuPkcs8Options {
  /** The public key the private key must match: resolves the rare encoding ambiguity, and is checked. */
  expectedPublicKey?: DstuPublicKey;
  /**
   * How to read the privateKey OCTET STRING: 'raw' (bytes, little-endian under the little-endian OID:
   * what IIT writes), 'structured' (a DER INTEGER or ECPrivateKey, big-endian: Bouncy Castle), or 'auto'
   * (default): structured when the bytes are exactly one such element, else raw. Raw IIT bytes look like a
   * DER INTEGER about once in 65,536 keys; `expectedPublicKey` settles that case, so does knowing the source.
   */
  encoding?: 'auto' | 'raw' | 'structured';
  /** The code for a malformed structure (ERR_KEY_FILE_CORRUPT when it comes out of a key file). */
  code?: ErrorCode;
}

const MAX_SIGN_ATTEMPTS = 64;

/**
 * A DSTU 4145 private key. The scalar d lives only in a private field (a Uint32-sized limb array) and
 * leaves it only through `exportPkcs8()` (for writing an encrypted key file); `destroy()` overwrites it.
 * Signing uses the constant-time ladder and fixed-width scalar arithmetic.
 */
export class DstuPrivateKey {
  readonly curve: DstuCurve;
  readonly dke: Uint8Array | undefined;
  readonly publicKey: DstuPublicKey;
  #d: Scalar | undefined;

  private constructor(curve: DstuCurve, d: Scalar, dke: Uint8Array | undefined, code: ErrorCode) {
    if (!curve.scalars.inRange(d)) {
      d.fill(0);
      throw new SigndeskError(code, 'The DSTU 4145 private key is not between 1 and n - 1');
    }
    this.curve = curve;
    this.dke = dke;
    this.#d = d;
    // Q = -d·G
    this.publicKey = new DstuPublicKey(curve, curve.negate(ladderPoint(curve, d, curve.base)), dke);
  }

  /** A new key pair on the curve, from node:crypto's random source. */
  static generate(curve: DstuCurve, dke?: Uint8Array): DstuPrivateKey {
    for (;;) {
      const d = curve.scalars.reduceBytes(crypto.randomBytes(curve.scalars.byteLength + 8));
      if (!curve.scalars.isZero(d)) return new DstuPrivateKey(curve, d, dke, 'ERR_INTERNAL');
    }
  }

  /**
   * From a PKCS#8 PrivateKeyInfo with a DSTU 4145 algorithm and parameters. The OCTET STRING holds d as
   * a DER INTEGER (Bouncy Castle), an ECPrivateKey (big-endian), or raw bytes — little-endian under the
   * little-endian OID (IIT writes 32 bytes and zero padding, sometimes a value above n, which the
   * arithmetic reduces modulo n as IIT's does), big-endian under a big-endian OID; see `encoding`.
   * IIT's second key in the attributes is the containers' business.
   */
  static fromPkcs8(der: Uint8Array, options: DstuPkcs8Options = {}): DstuPrivateKey {
    const code = options.code ?? 'ERR_KEY_INVALID';
    const reader = new DerReader(code, 'DSTU 4145 private key');
    const [versionNode, algorithm, keyNode] = reader.items(reader.parse(der), 'PrivateKeyInfo');
    const version = reader.small(versionNode, 'version', 1);
    if (version > 1) reader.fail('unknown version');
    const [oidNode, paramsNode] = reader.items(algorithm, 'AlgorithmIdentifier');
    const oid = reader.oid(oidNode, 'algorithm');
    const order = dstuByteOrder(oid);
    if (!order) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `${oid} is not a DSTU 4145 key`);
    if (!paramsNode) reader.fail('the DSTU 4145 parameters are missing');
    const { curve, dke } = readDstuParameters(reader, paramsNode, order);
    const octets = reader.octets(keyNode, 'privateKey');
    return DstuPrivateKey.fromScalarCandidates(curve, scalarCandidates(octets, order, options.encoding ?? 'auto'), dke, options.expectedPublicKey, code);
  }

  /** From d as big-endian bytes (an IIT attribute key, a test vector). */
  static fromScalar(curve: DstuCurve, bigEndian: Uint8Array, dke?: Uint8Array, code: ErrorCode = 'ERR_KEY_INVALID'): DstuPrivateKey {
    return DstuPrivateKey.fromScalarCandidates(curve, [Uint8Array.from(bigEndian)], dke, undefined, code);
  }

  private static fromScalarCandidates(
    curve: DstuCurve,
    candidates: Uint8Array[],
    dke: Uint8Array | undefined,
    expected: DstuPublicKey | undefined,
    code: ErrorCode,
  ): DstuPrivateKey {
    let mismatch = false;
    for (const bytes of candidates) {
      const trimmed = trimLeadingZeros(bytes);
      bytes.fill(0);
      if (trimmed.length > 2 * curve.scalars.byteLength) continue;
      const d = curve.scalars.reduceBytes(trimmed);
      trimmed.fill(0);
      if (curve.scalars.isZero(d)) continue;
      const key = new DstuPrivateKey(curve, d, dke, code);
      if (!expected || key.publicKey.equals(expected)) return key;
      key.destroy();
      mismatch = true;
    }
    if (mismatch) throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The DSTU 4145 private key does not match the public key');
    throw new SigndeskError(code, 'The DSTU 4145 private key is zero modulo n or too long');
  }

  /**
   * Signs a hash (GOST 34.311 with the key's DKE, or Kupyna, computed by the caller): returns the raw
   * value, r ‖ s little-endian (the default, as Ukrainian CMS carries it) or s ‖ r big-endian.
   * `random` is the source of the nonce (node:crypto; known-answer tests pass a fixed one).
   */
  sign(hash: Uint8Array, order: DstuByteOrder = 'le', random: (size: number) => Uint8Array = crypto.randomBytes): Uint8Array {
    const d = this.#secret();
    const curve = this.curve;
    const f = curve.field;
    const h = hashToField(curve, hash);
    const y = f.zero();
    for (let attempt = 0; attempt < MAX_SIGN_ATTEMPTS; attempt++) {
      const e = curve.scalars.reduceBytes(random(curve.scalars.byteLength + 8));
      if (curve.scalars.isZero(e)) continue;
      const x = ladderBaseX(curve, e);
      if (f.isZero(x)) continue;
      // h is public: it indexes the comb table built from the secret x.
      f.mul(y, h, x);
      x.fill(0);
      const r = truncateToScalar(curve, y);
      if (curve.scalars.isZero(r)) continue;
      const s = curve.scalars.zero();
      curve.scalars.mulAddMod(s, r, d, e);
      e.fill(0);
      y.fill(0);
      if (curve.scalars.isZero(s)) continue;
      return encodeDstuSignature(curve, { r, s }, order);
    }
    throw new SigndeskError('ERR_INTERNAL', 'DSTU 4145 signing did not find a usable nonce');
  }

  /**
   * PKCS#8 PrivateKeyInfo DER for writing an encrypted key file, under the little-endian OID with the
   * key's parameters: d as a DER INTEGER (the default; read back unambiguously, and by Bouncy Castle),
   * or as raw little-endian bytes for Ukrainian software that expects IIT's form.
   */
  exportPkcs8(encoding: DstuPrivateKeyEncoding = 'integer'): Uint8Array {
    const d = this.#secret();
    const big = this.curve.scalars.toBytes(d);
    const keyOctets = encoding === 'raw-le' ? reversed(big) : encodeDer(unsignedInteger(big));
    big.fill(0);
    const der = encodeDer(
      new asn1js.Sequence({
        value: [
          new asn1js.Integer({ value: 0 }),
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: DSTU_OIDS.dstu4145le }), dstuParametersNode(this.curve, this.dke, 'le')] }),
          new asn1js.OctetString({ valueHex: keyOctets }),
        ],
      }),
    );
    keyOctets.fill(0);
    return der;
  }

  /** Overwrites the scalar; the key cannot sign or export afterwards. */
  destroy(): void {
    this.#d?.fill(0);
    this.#d = undefined;
  }

  get destroyed(): boolean {
    return this.#d === undefined;
  }

  #secret(): Scalar {
    if (!this.#d) throw new SigndeskError('ERR_KEY_NOT_FOUND', 'This DSTU 4145 private key was destroyed');
    return this.#d;
  }
}

/** The big-endian values the private key OCTET STRING may stand for, most likely first. */
function scalarCandidates(octets: Uint8Array, order: DstuByteOrder, encoding: 'auto' | 'raw' | 'structured'): Uint8Array[] {
  const raw = order === 'le' ? reversed(octets) : Uint8Array.from(octets);
  if (encoding === 'raw') return [raw];
  const structured = structuredScalar(octets);
  if (encoding === 'structured') return structured ? [structured] : [];
  return structured ? [structured, raw] : [raw];
}

/** d from a DER INTEGER or an ECPrivateKey SEQUENCE filling the whole OCTET STRING, if it is one. */
function structuredScalar(octets: Uint8Array): Uint8Array | undefined {
  if (octets.length < 3 || (octets[0] !== 0x02 && octets[0] !== 0x30)) return undefined;
  const parsed = asn1js.fromBER(octets);
  if (parsed.offset !== octets.length) return undefined;
  const node = parsed.result;
  if (node instanceof asn1js.Integer) {
    // Only a minimal, non-negative DER INTEGER counts (raw bytes rarely are one).
    const bytes = new Uint8Array(node.valueBlock.valueHexView);
    const minimal = bytes.length > 0 && !(bytes[0] & 0x80) && !(bytes[0] === 0 && bytes.length > 1 && !(bytes[1] & 0x80));
    return minimal ? bytes : undefined;
  }
  if (node instanceof asn1js.Sequence) {
    const [version, key] = node.valueBlock.value;
    if (version instanceof asn1js.Integer && version.valueBlock.valueDec === 1 && key instanceof asn1js.OctetString) return new Uint8Array(key.valueBlock.valueHexView);
  }
  return undefined;
}

function trimLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.slice(start);
}
