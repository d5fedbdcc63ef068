import type * as pkijs from 'pkijs';
import { createSignatureCheck, decodeSignatureAlgorithmIdentifier, signatureFromX509Value, verificationKeyFromSpki, type HashName } from '../crypto';

/** The DER of a pkijs AlgorithmIdentifier. */
function identifierDer(algorithm: pkijs.AlgorithmIdentifier): Uint8Array {
  return new Uint8Array(algorithm.toSchema().toBER(false));
}

/**
 * Whether `signature` over `signedBytes` (a TBS structure's DER: certificate, CRL, OCSP response, CMP message) verifies
 * under `algorithm` with the key in `spki`. Any algorithm of the crypto registry; an unknown algorithm, a key of the
 * wrong type or broken parameters verify as false.
 */
export function verifyObjectSignature(signedBytes: Uint8Array, signature: Uint8Array, algorithm: pkijs.AlgorithmIdentifier, spki: Uint8Array): boolean {
  try {
    const decoded = decodeSignatureAlgorithmIdentifier(identifierDer(algorithm));
    const value = signatureFromX509Value(decoded, signature);
    if (!value) return false;
    const check = createSignatureCheck(decoded, verificationKeyFromSpki(spki));
    check.update(signedBytes);
    return check.verify(value);
  } catch {
    return false;
  }
}

/** The hash of a signature algorithm (certConf hashes a certificate with its signature's hash; EdDSA → SHA-512). */
export function signatureHashOf(algorithm: pkijs.AlgorithmIdentifier): HashName | undefined {
  try {
    const decoded = decodeSignatureAlgorithmIdentifier(identifierDer(algorithm));
    return 'hash' in decoded ? decoded.hash : 'SHA-512';
  } catch {
    return undefined;
  }
}

/** Checks that `cert` was signed by the key of `issuerSpki`. */
export function certificateSignedBy(cert: pkijs.Certificate, issuerSpki: Uint8Array): boolean {
  return verifyObjectSignature(new Uint8Array(cert.tbsView), new Uint8Array(cert.signatureValue.valueBlock.valueHexView), cert.signatureAlgorithm, issuerSpki);
}
