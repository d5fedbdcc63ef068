import { SigndeskError } from '../../../../preload/contract/errors';

/**
 * What a key file may ask of the password-based key derivation, so that a hostile file is refused at once instead of
 * costing minutes of CPU or gigabytes of memory. Each cap sits well above what real software writes:
 *
 * - PBKDF2 (native): OpenSSL 3 writes 2,048 iterations, the JDK 10,000, Signdesk's own files 600,000 (OWASP 2023 for
 *   SHA-256); OWASP's SHA-1 figure is 1,300,000. Cap 2,000,000 iterations (~1 s here). The derived key length must be
 *   the cipher's, as OpenSSL requires (a 1 MiB "key length" was 14 s of work for nothing).
 * - scrypt: OpenSSL writes N=16384, r=8, p=1 (16 MiB) and refuses above 32 MiB itself; age and libsodium's
 *   "sensitive" preset use N=2^18…2^20, r=8. Cap N ≤ 2^20 (a power of two), r ≤ 32, p ≤ 16, memory 128·N·r ≤ 256 MiB,
 *   work N·r·p ≤ 2^21 (16 times OpenSSL's default, ~1 s).
 * - The PKCS#12 KDF runs in JavaScript at ~3–7 µs a round. MACs: OpenSSL 2,048, Windows 2,000, the JDK 10,000 or
 *   100,000, Signdesk's own files 600,000 → cap 1,000,000. Legacy 3DES/RC2 PBEs: OpenSSL 2,048, Windows 2,000,
 *   JDK 8 50,000 → cap 200,000. One 3DES derivation is three KDF runs (24-byte key, 8-byte IV), so a whole file may
 *   spend at most 2,000,000 rounds, and 4,000,000 PBKDF2 iterations (a file of ours spends 600,000 and 1,200,000).
 */
export const KDF_LIMITS = {
  pbkdf2Iterations: 2_000_000,
  scryptMaxN: 2 ** 20,
  scryptMaxR: 32,
  scryptMaxP: 16,
  scryptMaxMemory: 256 * 1024 * 1024,
  scryptMaxWork: 2 ** 21,
  pkcs12MacIterations: 1_000_000,
  pkcs12PbeIterations: 200_000,
  pkcs12KdfRoundsPerFile: 2_000_000,
  pbkdf2IterationsPerFile: 4_000_000,
  maxSaltBytes: 1024,
} as const;

export function beyondLimit(what: string, value: number | bigint, limit: number | string): SigndeskError {
  return new SigndeskError('ERR_KEY_FILE_CORRUPT', `The key file asks for ${what} ${value}, beyond what any real key file uses (${limit}): it is damaged or hostile`, {
    reason: 'limit',
    what,
    limit: String(limit),
  });
}

/**
 * The key-derivation work one key file has spent so far (shared by its MAC and every encrypted part), so that many
 * parts each under the caps cannot add up to minutes.
 */
export class KdfBudget {
  #pkcs12Rounds = 0;
  #pbkdf2Iterations = 0;

  spendPkcs12Kdf(rounds: number): void {
    this.#pkcs12Rounds += rounds;
    if (this.#pkcs12Rounds > KDF_LIMITS.pkcs12KdfRoundsPerFile) throw beyondLimit('PKCS#12 KDF rounds in all', this.#pkcs12Rounds, KDF_LIMITS.pkcs12KdfRoundsPerFile);
  }

  spendPbkdf2(iterations: number): void {
    this.#pbkdf2Iterations += iterations;
    if (this.#pbkdf2Iterations > KDF_LIMITS.pbkdf2IterationsPerFile) throw beyondLimit('PBKDF2 iterations in all', this.#pbkdf2Iterations, KDF_LIMITS.pbkdf2IterationsPerFile);
  }
}

/** Hash output sizes of the PRFs the KDFs use, to count blocks of work. */
export const HASH_BYTES: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };
