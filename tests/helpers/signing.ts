import { signatureAlgorithmFor, type SigningHashName, type SigningKey } from '../../main/core/crypto';
import { openKeyAt } from '../../main/core/keys';
import type { TokenService } from '../../main/core/token';

/** A token key as a SigningKey, the way the app opens one (the PIN proved on the token). */
export function openTokenKey(tokens: TokenService, uri: string, pin?: string | null): Promise<SigningKey> {
  return openKeyAt({ kind: 'token', uri }, pin, () => tokens);
}

/** The key's signature over `data` with `hash` (RSA: PKCS#1 v1.5 unless `padding` says PSS). */
export function signWith(key: SigningKey, data: Uint8Array | string, hash: SigningHashName = 'SHA-256', padding?: 'pkcs1' | 'pss'): Promise<Uint8Array> {
  return key.sign(typeof data === 'string' ? Buffer.from(data) : data, signatureAlgorithmFor(key.algorithm, hash, padding));
}
