import crypto from 'node:crypto';
import { Gost34311, HmacGost34311 } from '../../crypto/dstu';
import { checkIterations, CONTAINER_LIMITS } from './container-limits';
import { bmpPassword } from './password-encodings';

/** GOST 34.311's block and output size: u = v = 32 bytes in the PKCS#12 KDF. */
const SIZE = 32;

/**
 * The PKCS#12 key derivation (RFC 7292 B.2) over GOST 34.311 with the DSTU default S-box: ID byte
 * `purpose` (3 = MAC key), salt and the BMPString password each repeated to whole 32-byte blocks,
 * hashed `iterations` times. Bouncy Castle's PKCS12ParametersGenerator(GOST3411Digest) agrees.
 */
export function gostPkcs12Kdf(password: string, salt: Uint8Array, iterations: number, purpose: number, length: number): Uint8Array {
  checkIterations('PKCS#12', iterations, CONTAINER_LIMITS.maxGostIterations);
  const fill = (source: Uint8Array) => {
    const out = new Uint8Array(SIZE * Math.ceil(source.length / SIZE));
    for (let i = 0; i < out.length; i++) out[i] = source[i % source.length];
    return out;
  };
  const passwordBytes = bmpPassword(password);
  const input = new Uint8Array([...fill(salt), ...fill(passwordBytes)]);
  passwordBytes.fill(0);
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += SIZE) {
    let a = new Gost34311().update(new Uint8Array(SIZE).fill(purpose)).update(input).digest();
    for (let i = 1; i < iterations; i++) a = new Gost34311().update(a).digest();
    out.set(a.subarray(0, Math.min(SIZE, length - offset)), offset);
    if (offset + SIZE >= length) break;
    // I_j = (I_j + A + 1) mod 2^256 for every 32-byte block of I.
    for (let block = 0; block < input.length; block += SIZE) {
      let carry = 1;
      for (let i = SIZE - 1; i >= 0; i--) {
        const sum = input[block + i] + a[i] + carry;
        input[block + i] = sum & 255;
        carry = sum >>> 8;
      }
    }
  }
  input.fill(0);
  return out;
}

/**
 * The PKCS#12 integrity MAC as Ukrainian CAs and IIT write it (MacData digest algorithm GOST 34.311,
 * 1.2.804.2.1.1.1.1.2.1): HMAC-GOST34311 over the authSafe content with the KDF's MAC key.
 */
export function gostPkcs12Mac(password: string, salt: Uint8Array, iterations: number, authSafeContent: Uint8Array): Uint8Array {
  const key = gostPkcs12Kdf(password, salt, iterations, 3, SIZE);
  const mac = new HmacGost34311(key).mac(authSafeContent);
  key.fill(0);
  return mac;
}

/** Constant-time comparison of a computed MAC with the stored one. */
export function macEquals(actual: Uint8Array, expected: Uint8Array): boolean {
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}
