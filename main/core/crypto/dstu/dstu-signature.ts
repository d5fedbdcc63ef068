import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import type { FieldElement } from './binary-field';
import type { DstuCurve } from './dstu-curve';
import type { DstuByteOrder } from './dstu-oids';
import type { Scalar } from './scalar';

/** The two halves of a DSTU 4145 signature as integers (0 < r, s < n for a valid one). */
export interface DstuSignatureValues {
  r: Scalar;
  s: Scalar;
}

/**
 * The signature value as Ukrainian CMS and X.509 carry it, for an order n of L bits and
 * size = ⌈L/8⌉: big-endian form `s ‖ r` (each `size` bytes, big-endian), little-endian form the whole of
 * that reversed, i.e. `r ‖ s` each little-endian (IIT, the 1.2.804.2.1.1.1.1.3.1.1 algorithm).
 */
export function encodeDstuSignature(curve: DstuCurve, values: DstuSignatureValues, order: DstuByteOrder): Uint8Array {
  const size = curve.scalars.byteLength;
  const out = new Uint8Array(2 * size);
  out.set(curve.scalars.toBytes(values.s, size), 0);
  out.set(curve.scalars.toBytes(values.r, size), size);
  return order === 'le' ? out.reverse() : out;
}

/**
 * Splits a signature value into r and s. Accepts halves of ⌈L/8⌉ bytes and, from producers that keep a
 * sign byte (Bouncy Castle's big-endian form), one more; anything else is ERR_SIGNATURE_MALFORMED.
 * Range checks (0 < r, s < n) are the verifier's.
 */
export function decodeDstuSignature(curve: DstuCurve, signature: Uint8Array, order: DstuByteOrder): DstuSignatureValues {
  const size = curve.scalars.byteLength;
  if (signature.length % 2 !== 0 || signature.length < 2 * size || signature.length > 2 * (size + 1)) {
    throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `A DSTU 4145 signature on ${curve.name ?? 'this curve'} has ${2 * size} bytes, not ${signature.length}`);
  }
  const big = order === 'le' ? Uint8Array.from(signature).reverse() : signature;
  const half = big.length / 2;
  return { s: curve.scalars.fromBytes(big.subarray(0, half)), r: curve.scalars.fromBytes(big.subarray(half)) };
}

/** The DER OCTET STRING around a signature value, as X.509 signatureValue and Bouncy Castle's JCA carry it. */
export function wrapSignatureOctetString(signature: Uint8Array): Uint8Array {
  return new Uint8Array(new asn1js.OctetString({ valueHex: signature }).toBER(false));
}

/** The signature value inside a DER OCTET STRING (X.509 signatureValue content); ERR_SIGNATURE_MALFORMED if it is not one. */
export function unwrapSignatureOctetString(der: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.OctetString) || parsed.result.idBlock.isConstructed) {
    throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'The DSTU 4145 signature is not wrapped in an OCTET STRING');
  }
  return new Uint8Array(parsed.result.valueBlock.valueHexView);
}

/**
 * The hash as a field element (DSTU 4145, 5.9 / Bouncy Castle's hash2FieldElement): the hash bytes are a
 * little-endian integer, cut to its low m bits; a zero result becomes 1.
 */
export function hashToField(curve: DstuCurve, hash: Uint8Array): FieldElement {
  const f = curve.field;
  const h = f.zero();
  for (let i = 0; i < hash.length && i < 4 * f.words; i++) h[i >>> 2] |= hash[i] << (8 * (i & 3));
  const topBit = f.m & 31;
  h[f.words - 1] &= (1 << topBit) - 1;
  if (f.isZero(h)) h[0] = 1;
  return h;
}

/** r from the field element y: its low L(n) - 1 bits as an integer (DSTU 4145's truncation). */
export function truncateToScalar(curve: DstuCurve, y: FieldElement): Scalar {
  return curve.scalars.fromWords(y, curve.scalars.bits - 1);
}
