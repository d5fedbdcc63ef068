import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import type { KeyAlgorithm } from '../keys/signing-key';
import { readDer } from './der';

type NamedCurve = Extract<KeyAlgorithm, { kind: 'EC' }>['namedCurve'];

const CURVES: Record<NamedCurve, { paramsHex: string; fieldBytes: number }> = {
  'P-256': { paramsHex: '06082a8648ce3d030107', fieldBytes: 32 },
  'P-384': { paramsHex: '06052b81040022', fieldBytes: 48 },
  'P-521': { paramsHex: '06052b81040023', fieldBytes: 66 },
};

/** CKA_EC_PARAMS for a curve: the DER OBJECT IDENTIFIER of the named curve. */
export function ecParamsFor(curve: NamedCurve): Buffer {
  return Buffer.from(CURVES[curve].paramsHex, 'hex');
}

export function curveFromEcParams(params: Uint8Array): NamedCurve {
  const hex = Buffer.from(params).toString('hex');
  const found = (Object.keys(CURVES) as NamedCurve[]).find((curve) => CURVES[curve].paramsHex === hex);
  if (!found) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported EC curve parameters ${hex}`);
  return found;
}

/**
 * CKA_EC_POINT as SubjectPublicKeyInfo DER. Tokens return the point DER-wrapped (`04 41 04…`), as the spec says,
 * or raw (`04 x y`) as some older modules do: both are accepted.
 */
export function spkiFromEcPoint(curve: NamedCurve, ecPoint: Uint8Array): Uint8Array {
  const { fieldBytes } = CURVES[curve];
  let point = ecPoint;
  if (!(point.length === 1 + 2 * fieldBytes && point[0] === 0x04)) {
    const wrapped = readDer(ecPoint);
    if (wrapped.tag !== 0x04) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'CKA_EC_POINT is neither an OCTET STRING nor an uncompressed point');
    point = wrapped.value;
  }
  if (point.length !== 1 + 2 * fieldBytes || point[0] !== 0x04) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Only uncompressed EC points are supported');
  const x = Buffer.from(point.subarray(1, 1 + fieldBytes)).toString('base64url');
  const y = Buffer.from(point.subarray(1 + fieldBytes)).toString('base64url');
  return exportSpki(crypto.createPublicKey({ key: { kty: 'EC', crv: curve, x, y }, format: 'jwk' }));
}

export function spkiFromRsa(modulus: Uint8Array, publicExponent: Uint8Array): Uint8Array {
  const n = Buffer.from(stripLeadingZeros(modulus)).toString('base64url');
  const e = Buffer.from(stripLeadingZeros(publicExponent)).toString('base64url');
  return exportSpki(crypto.createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }));
}

/** The algorithm of a SubjectPublicKeyInfo (used when only a certificate gives the public key). */
export function algorithmOfSpki(spki: Uint8Array): KeyAlgorithm {
  const key = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && details?.modulusLength) return { kind: 'RSA', modulusLength: details.modulusLength };
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve;
    if (curve === 'prime256v1') return { kind: 'EC', namedCurve: 'P-256' };
    if (curve === 'secp384r1') return { kind: 'EC', namedCurve: 'P-384' };
    if (curve === 'secp521r1') return { kind: 'EC', namedCurve: 'P-521' };
  }
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported public key type ${key.asymmetricKeyType ?? 'unknown'}`);
}

function exportSpki(key: crypto.KeyObject): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}
