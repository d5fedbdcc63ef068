export type HashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export type KeyAlgorithm =
  | { kind: 'EC'; namedCurve: 'P-256' | 'P-384' | 'P-521' }
  | { kind: 'RSA'; modulusLength: number };

/** The CLI's `--alg` names. */
export type KeyAlgorithmName = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072';

export interface SignOptions {
  /** The hash that produced `digest`. */
  hash: HashAlgorithm;
  /** RSA only: PKCS#1 v1.5 (default) or PSS with salt length = hash length. */
  padding?: 'pkcs1' | 'pss';
}

/**
 * One signing key, wherever it lives (an encrypted file, a PKCS#11 token). The private key never leaves
 * the implementation: callers hand in a digest and get back the signature value.
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
  /**
   * Signs a precomputed digest. The result is encoded as X.509 and CMS carry it: ECDSA as a DER
   * `SEQUENCE { r, s }`, RSA as the modulus-length signature octets.
   */
  sign(digest: Uint8Array, options: SignOptions): Promise<Uint8Array>;
}

export function keyAlgorithmFromName(name: KeyAlgorithmName): KeyAlgorithm {
  switch (name) {
    case 'ec-p256':
      return { kind: 'EC', namedCurve: 'P-256' };
    case 'ec-p384':
      return { kind: 'EC', namedCurve: 'P-384' };
    case 'rsa-2048':
      return { kind: 'RSA', modulusLength: 2048 };
    case 'rsa-3072':
      return { kind: 'RSA', modulusLength: 3072 };
  }
}

export const KEY_ALGORITHM_NAMES: readonly KeyAlgorithmName[] = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'];
