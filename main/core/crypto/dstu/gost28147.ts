import { SigndeskError } from '../../../../preload/contract/errors';
import { gostRoundTables, type GostRoundTables } from './gost-sbox';
import { DECRYPT_SCHEDULE, ENCRYPT_SCHEDULE, gostBlock, gostEncrypt, gostKeyWords, gostMacBlock, readWordLe, writeWordLe } from './gost28147-block';

/**
 * GOST 28147-89 (DSTU GOST 28147:2009) with a chosen S-box, in the modes Ukrainian key containers use:
 * ECB (simple replacement), CFB (gamma with feedback, 64-bit) and the 32-bit MAC (imitovstavka).
 * For reading and writing key containers only; documents are never encrypted with it here.
 */
export class Gost28147 {
  readonly #key: Uint32Array;
  readonly #tables: GostRoundTables;
  readonly #block = new Uint32Array(2);

  /** `sbox`: packed (64 bytes) or expanded (128); the DSTU default DKE when omitted. */
  constructor(key: Uint8Array, sbox?: Uint8Array) {
    if (key.length !== 32) throw new SigndeskError('ERR_INPUT_INVALID', `A GOST 28147-89 key has 32 bytes, not ${key.length}`);
    this.#key = gostKeyWords(key);
    this.#tables = gostRoundTables(sbox);
  }

  encryptEcb(data: Uint8Array): Uint8Array {
    return this.#ecb(data, ENCRYPT_SCHEDULE);
  }

  decryptEcb(data: Uint8Array): Uint8Array {
    return this.#ecb(data, DECRYPT_SCHEDULE);
  }

  encryptCfb(iv: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#cfb(iv, data, true);
  }

  decryptCfb(iv: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#cfb(iv, data, false);
  }

  /** The 32-bit MAC: CBC-style chaining of the 16-step transformation over zero-padded 8-byte blocks. */
  mac(data: Uint8Array): Uint8Array {
    const state = new Uint32Array(2);
    const blocks = Math.max(1, Math.ceil(data.length / 8));
    const padded = new Uint8Array(blocks * 8);
    padded.set(data);
    for (let i = 0; i < blocks; i++) {
      gostMacBlock(this.#tables, this.#key, state[0] ^ readWordLe(padded, 8 * i), state[1] ^ readWordLe(padded, 8 * i + 4), state);
    }
    const out = new Uint8Array(4);
    writeWordLe(out, 0, state[0]);
    return out;
  }

  /** Overwrites the key schedule. */
  destroy(): void {
    this.#key.fill(0);
  }

  #ecb(data: Uint8Array, schedule: Uint8Array): Uint8Array {
    if (data.length % 8 !== 0) throw new SigndeskError('ERR_INPUT_INVALID', 'GOST 28147-89 ECB works on whole 8-byte blocks');
    const out = new Uint8Array(data.length);
    const block = this.#block;
    for (let offset = 0; offset < data.length; offset += 8) {
      gostBlock(this.#tables, this.#key, schedule, readWordLe(data, offset), readWordLe(data, offset + 4), block, 0);
      writeWordLe(out, offset, block[0]);
      writeWordLe(out, offset + 4, block[1]);
    }
    return out;
  }

  #cfb(iv: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
    if (iv.length !== 8) throw new SigndeskError('ERR_INPUT_INVALID', `A GOST 28147-89 IV has 8 bytes, not ${iv.length}`);
    const out = new Uint8Array(data.length);
    const register = Uint8Array.from(iv);
    const gamma = new Uint8Array(8);
    const block = this.#block;
    for (let offset = 0; offset < data.length; offset += 8) {
      gostEncrypt(this.#tables, this.#key, readWordLe(register, 0), readWordLe(register, 4), block, 0);
      writeWordLe(gamma, 0, block[0]);
      writeWordLe(gamma, 4, block[1]);
      const length = Math.min(8, data.length - offset);
      for (let i = 0; i < length; i++) {
        out[offset + i] = data[offset + i] ^ gamma[i];
        register[i] = encrypt ? out[offset + i] : data[offset + i];
      }
    }
    return out;
  }
}
