import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import { CURVES, keyAlgorithmOfSpki, oidOfCurveParams, spkiOfKey, type KeyAlgorithm, type NamedCurve } from '../crypto';
import { DerError, contentsOf, oid, readNode } from '../crypto/der';

/** CKA_EC_PARAMS for a curve: the DER OBJECT IDENTIFIER of the named curve. */
export function ecParamsFor(curve: NamedCurve): Buffer {
  return Buffer.from(oid(CURVES[curve].oid));
}

export function curveFromEcParams(params: Uint8Array): NamedCurve {
  const curve = oidOfCurveParams(params);
  if (!curve) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported EC curve parameters ${Buffer.from(params).toString('hex')}`);
  return curve.name;
}

/**
 * CKA_EC_POINT as SubjectPublicKeyInfo DER. Tokens return the point DER-wrapped (`04 41 04…`), as the spec says,
 * or raw (`04 x y`) as some older modules do: both are accepted.
 */
export function spkiFromEcPoint(curve: NamedCurve, ecPoint: Uint8Array): Uint8Array {
  const { fieldBytes } = CURVES[curve];
  let point = ecPoint;
  if (!(point.length === 1 + 2 * fieldBytes && point[0] === 0x04)) {
    try {
      const wrapped = readNode(ecPoint);
      if (wrapped.tag !== 0x04 || wrapped.end !== ecPoint.length) throw new DerError('not an OCTET STRING');
      point = contentsOf(ecPoint, wrapped);
    } catch {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'CKA_EC_POINT is neither an OCTET STRING nor an uncompressed point');
    }
  }
  if (point.length !== 1 + 2 * fieldBytes || point[0] !== 0x04) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Only uncompressed EC points are supported');
  const x = Buffer.from(point.subarray(1, 1 + fieldBytes)).toString('base64url');
  const y = Buffer.from(point.subarray(1 + fieldBytes)).toString('base64url');
  return spkiOfKey(crypto.createPublicKey({ key: { kty: 'EC', crv: jwkCurve(curve), x, y }, format: 'jwk' }));
}

export function spkiFromRsa(modulus: Uint8Array, publicExponent: Uint8Array): Uint8Array {
  const n = Buffer.from(stripLeadingZeros(modulus)).toString('base64url');
  const e = Buffer.from(stripLeadingZeros(publicExponent)).toString('base64url');
  return spkiOfKey(crypto.createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }));
}

/** The algorithm of a SubjectPublicKeyInfo (used when only a certificate gives the public key). */
export function algorithmOfSpki(spki: Uint8Array): KeyAlgorithm {
  return keyAlgorithmOfSpki(spki);
}

/** JWK names only the NIST curves; brainpool keys come as SPKI from the token's certificate instead. */
function jwkCurve(curve: NamedCurve): string {
  if (!curve.startsWith('P-')) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Token keys on ${curve} are not supported`);
  return curve;
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}
