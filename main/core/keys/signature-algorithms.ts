import crypto from 'node:crypto';
import type { HashAlgorithm, KeyAlgorithm, SigningKey } from './signing-key';

export const HASH_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};
export const ECDSA_WITH_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};
/** sha256WithRSAEncryption and its siblings (PKCS#1 v1.5), as X.509, CSRs and CMP name them. */
export const RSA_WITH_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};
export const NODE_HASH = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const satisfies Record<HashAlgorithm, string>;
export const HASH_LENGTH: Record<HashAlgorithm, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** The hash that matches the key's strength: SHA-384 for P-384, SHA-512 for P-521, SHA-256 otherwise. */
export function defaultHashFor(algorithm: KeyAlgorithm): HashAlgorithm {
  if (algorithm.kind === 'EC') return algorithm.namedCurve === 'P-384' ? 'SHA-384' : algorithm.namedCurve === 'P-521' ? 'SHA-512' : 'SHA-256';
  return 'SHA-256';
}

/** The signature algorithm OID for a key signing with `hash` (ECDSA, or RSA PKCS#1 v1.5 — whose parameters are NULL). */
export function signatureOidFor(algorithm: KeyAlgorithm, hash: HashAlgorithm): string {
  return algorithm.kind === 'EC' ? ECDSA_WITH_OIDS[hash] : RSA_WITH_OIDS[hash];
}

/** Hashes `data` on the host and has the key sign the digest (PKCS#1 v1.5 for RSA). */
export async function signData(key: SigningKey, data: Uint8Array, hash: HashAlgorithm = defaultHashFor(key.algorithm)): Promise<{ hash: HashAlgorithm; signature: Uint8Array }> {
  const digest = new Uint8Array(crypto.createHash(NODE_HASH[hash]).update(data).digest());
  return { hash, signature: await key.sign(digest, { hash, padding: 'pkcs1' }) };
}
