import crypto from 'node:crypto';

export type Pkcs12KdfHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Purpose bytes of RFC 7292 Appendix B.3. */
export const PKCS12_KDF_KEY = 1;
export const PKCS12_KDF_IV = 2;
export const PKCS12_KDF_MAC = 3;

const YIELD_EVERY = 50_000;

const BLOCK_SIZE: Record<Pkcs12KdfHash, number> = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 };

/** A password as PKCS#12 wants it: BMPString (UTF-16BE) with a two-byte NUL terminator. */
export function bmpPassword(password: string): Uint8Array {
  const bytes = new Uint8Array((password.length + 1) * 2);
  for (let index = 0; index < password.length; index++) {
    const unit = password.charCodeAt(index);
    bytes[index * 2] = unit >> 8;
    bytes[index * 2 + 1] = unit & 0xff;
  }
  return bytes;
}

function repeatToMultiple(source: Uint8Array, blockSize: number): Uint8Array {
  if (source.length === 0) return new Uint8Array(0);
  const length = blockSize * Math.ceil(source.length / blockSize);
  const out = new Uint8Array(length);
  for (let index = 0; index < length; index++) out[index] = source[index % source.length]!;
  return out;
}

/**
 * The PKCS#12 key derivation (RFC 7292 Appendix B.2), used for the integrity MAC of every PFX and for the
 * legacy `pbeWithSHAAnd…` ciphers. `password` is already in BMP form (see `bmpPassword`). Asynchronous only
 * to yield to the event loop during long iteration counts.
 */
export async function pkcs12Kdf(hash: Pkcs12KdfHash, password: Uint8Array, salt: Uint8Array, purpose: number, iterations: number, length: number): Promise<Uint8Array> {
  const v = BLOCK_SIZE[hash];
  const diversifier = new Uint8Array(v).fill(purpose);
  const input = Buffer.concat([repeatToMultiple(salt, v), repeatToMultiple(password, v)]);
  const output = Buffer.alloc(length);
  let produced = 0;
  while (produced < length) {
    let block: Buffer = crypto.createHash(hash).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round++) {
      block = crypto.hash(hash, block, 'buffer');
      // A high iteration count takes a while (about 3 µs a round): let the event loop breathe meanwhile.
      if (round % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    block.copy(output, produced, 0, Math.min(block.length, length - produced));
    produced += block.length;
    if (produced >= length) break;
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I, B being the block repeated to v bytes.
    const expanded = repeatToMultiple(block, v).subarray(0, v);
    for (let offset = 0; offset < input.length; offset += v) {
      let carry = 1;
      for (let index = v - 1; index >= 0; index--) {
        const sum = input[offset + index]! + expanded[index]! + carry;
        input[offset + index] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return new Uint8Array(output);
}
