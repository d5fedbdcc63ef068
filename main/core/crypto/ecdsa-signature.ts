import { SigndeskError } from '../../../preload/contract/errors';
import { sequence, unsignedInteger } from './der';

/** PKCS#11 CKM_ECDSA returns r‖s (each half the length); X.509 and CMS carry DER `SEQUENCE { r INTEGER, s INTEGER }`. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `An ECDSA signature of ${raw.length} bytes is not r‖s`);
  const half = raw.length / 2;
  return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}
