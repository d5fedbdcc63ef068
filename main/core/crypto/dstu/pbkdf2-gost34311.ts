import { SigndeskError } from '../../../../preload/contract/errors';
import { HmacGost34311 } from './hmac-gost34311';

/** The most PBKDF2 iterations we run in JavaScript (see the callers' caps; real containers use 10,000). */
export const PBKDF2_GOST_MAX_ITERATIONS = 1_000_000;

/**
 * PBKDF2 (RFC 8018) with HMAC-GOST34311 as the PRF, as Ukrainian PBES2 key containers derive their
 * GOST 28147 key. Synchronous: callers bound `iterations` before calling.
 */
export function pbkdf2Gost34311(password: Uint8Array, salt: Uint8Array, iterations: number, length: number, sbox?: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > PBKDF2_GOST_MAX_ITERATIONS) {
    throw new SigndeskError('ERR_INPUT_INVALID', `PBKDF2 iteration count ${iterations} is out of range`);
  }
  if (!Number.isSafeInteger(length) || length < 1 || length > 1024) throw new SigndeskError('ERR_INPUT_INVALID', `PBKDF2 key length ${length} is out of range`);
  const prf = new HmacGost34311(password, sbox);
  const out = new Uint8Array(length);
  const blockInput = new Uint8Array(salt.length + 4);
  blockInput.set(salt);
  for (let block = 1, offset = 0; offset < length; block++, offset += 32) {
    blockInput[salt.length] = block >>> 24;
    blockInput[salt.length + 1] = (block >>> 16) & 255;
    blockInput[salt.length + 2] = (block >>> 8) & 255;
    blockInput[salt.length + 3] = block & 255;
    let u = prf.mac(blockInput);
    const t = Uint8Array.from(u);
    for (let i = 1; i < iterations; i++) {
      u = prf.mac(u);
      for (let j = 0; j < 32; j++) t[j] ^= u[j];
    }
    out.set(t.subarray(0, Math.min(32, length - offset)), offset);
  }
  return out;
}
