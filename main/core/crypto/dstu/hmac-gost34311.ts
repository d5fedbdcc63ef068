import { Gost34311 } from './gost34311';

const BLOCK = 32;

/**
 * HMAC (RFC 2104) over GOST 34.311-95: block and output of 32 bytes, as Ukrainian PBES2 containers
 * (PRF 1.2.804.2.1.1.1.1.1.2) and PKCS#12 integrity MACs use it; `sbox` the DSTU default DKE when omitted.
 * A keyed instance can MAC many messages (`mac(data)`), as PBKDF2 does.
 */
export class HmacGost34311 {
  readonly #inner: Gost34311;
  readonly #outer: Gost34311;

  constructor(key: Uint8Array, sbox?: Uint8Array) {
    const block = new Uint8Array(BLOCK);
    block.set(key.length > BLOCK ? new Gost34311(sbox).update(key).digest() : key);
    const pad = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) pad[i] = block[i] ^ 0x36;
    this.#inner = new Gost34311(sbox).update(pad);
    for (let i = 0; i < BLOCK; i++) pad[i] = block[i] ^ 0x5c;
    this.#outer = new Gost34311(sbox).update(pad);
    block.fill(0);
    pad.fill(0);
  }

  mac(data: Uint8Array): Uint8Array {
    const inner = this.#inner.clone().update(data).digest();
    return this.#outer.clone().update(inner).digest();
  }
}

export function hmacGost34311(key: Uint8Array, data: Uint8Array, sbox?: Uint8Array): Uint8Array {
  return new HmacGost34311(key, sbox).mac(data);
}
