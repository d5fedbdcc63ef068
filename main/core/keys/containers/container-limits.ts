import { SigndeskError } from '../../../../preload/contract/errors';

/**
 * Bounds on what a container may ask of us, so a hostile file costs neither seconds nor memory.
 * Real containers stay far below: IIT and Ukrainian CAs use 10,000 KDF iterations, JDK 17 writes JCEKS
 * with 200,000, PKCS#12/JKS files hold a handful of entries and a few kilobytes.
 */
export const CONTAINER_LIMITS = {
  /** Whole container file: a key store of a few keys and chains is a few KiB. */
  maxBytes: 1024 * 1024,
  /** PBKDF2-HMAC-GOST34311 / the GOST PKCS#12 KDF in JavaScript: 10–20 ms per 1,000 iterations here. */
  maxGostIterations: 100_000,
  /** Sum of all GOST KDF iterations one PKCS#12 may require (MAC plus every encrypted part): ≤ ~2 s. */
  maxGostIterationsTotal: 100_000,
  // PBKDF2 with SHA, scrypt and the PKCS#12 SHA KDF: KDF_LIMITS in ../file-key/kdf-limits.ts.
  /** JCEKS PBEWithMD5AndTripleDES: two MD5 chains of this length per key (~1.7 µs per MD5 here). */
  maxJceksIterations: 300_000,
  /** Sum over all keys of one JCEKS (the JDK writes 200,000 per key). */
  maxJceksIterationsTotal: 1_000_000,
  maxSaltBytes: 1024,
  /** Key, certificate and other entries in one PKCS#12 or JKS. */
  maxEntries: 256,
  /** Encrypted parts (EncryptedData content infos) in one PKCS#12. */
  maxEncryptedParts: 16,
  /** Certificates in one JKS chain. */
  maxChain: 32,
} as const;

export function corrupt(format: string, reason: string, cause?: unknown): SigndeskError {
  return new SigndeskError('ERR_KEY_FILE_CORRUPT', `The ${format} key file is damaged: ${reason}`, { reason }, { cause });
}

export function wrongPassword(): SigndeskError {
  return new SigndeskError('ERR_PASSWORD_INCORRECT', 'The password is incorrect');
}

export function checkIterations(format: string, iterations: number, max: number): number {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > max) {
    throw corrupt(format, `iteration count ${iterations} is outside 1..${max}`);
  }
  return iterations;
}
