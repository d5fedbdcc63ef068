import type { KeyAlgorithm } from './key-algorithms';
import type { SignatureAlgorithm } from './signature-algorithms';

/**
 * One signing key, wherever it lives (an encrypted file, a PKCS#11 token). The private key never leaves the
 * implementation: callers hand in the bytes to be signed (for CMS, the DER of the signed attributes) and the
 * algorithm, and get back the signature value as X.509 and CMS carry it (ECDSA as DER `SEQUENCE { r, s }`).
 */
export interface SigningKey {
  /** A KeyRef string: `pkcs11:…` URI or `file:PATH`. */
  readonly ref: string;
  readonly algorithm: KeyAlgorithm;
  /** SubjectPublicKeyInfo, DER. */
  readonly publicKeySpki: Uint8Array;
  /** The bound certificate, DER, when there is one. */
  readonly certificate?: Uint8Array;
  /** Further certificates towards the root (DER), when known. */
  readonly chain?: readonly Uint8Array[];
  sign(toBeSigned: Uint8Array, algorithm: SignatureAlgorithm): Promise<Uint8Array>;
  /** Ends the use: a token key gives back its hold on the token's login (see LoginLeases). Idempotent. */
  close(): Promise<void>;
}
