import crypto, { type KeyObject } from 'node:crypto';
import type { HashAlgorithm } from './signing-key';

/*
 * node:crypto can only sign a message (it hashes it itself); a SigningKey signs a digest computed elsewhere
 * (the streamed document, CMS signed attributes). These sign a precomputed digest with a node KeyObject.
 */

const CURVE_ORDERS: Record<string, { order: bigint; bytes: number; bits: number }> = {
  prime256v1: { order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n, bytes: 32, bits: 256 },
  secp384r1: {
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    bytes: 48,
    bits: 384,
  },
  secp521r1: {
    order: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    bytes: 66,
    bits: 521,
  },
};

const privateScalars = new WeakMap<KeyObject, bigint>();

/** ECDSA over a precomputed digest; DER `SEQUENCE { r, s }`. k·G comes from native ECDH, the rest is mod-n arithmetic. */
export function ecdsaSignDigest(privateKey: KeyObject, digest: Uint8Array): Uint8Array {
  const curveName = privateKey.asymmetricKeyDetails?.namedCurve ?? '';
  const curve = CURVE_ORDERS[curveName];
  if (!curve) throw new Error(`Unsupported curve ${curveName}`);
  const { order: n, bytes, bits } = curve;
  let d = privateScalars.get(privateKey);
  if (d === undefined) {
    d = fromBase64Url(privateKey.export({ format: 'jwk' }).d ?? '');
    privateScalars.set(privateKey, d);
  }
  let e = toBigInt(digest);
  if (digest.length * 8 > bits) e >>= BigInt(digest.length * 8 - bits);
  for (;;) {
    const k = randomScalar(n, bytes, bits);
    const ecdh = crypto.createECDH(curveName);
    ecdh.setPrivateKey(toBytes(k, bytes));
    const point = ecdh.getPublicKey();
    const r = toBigInt(point.subarray(1, 1 + bytes)) % n;
    if (r === 0n) continue;
    const s = (modInverse(k, n) * ((e + r * d) % n)) % n;
    if (s === 0n) continue;
    return derSequence([derInteger(r), derInteger(s)]);
  }
}

const HASH_NAMES: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** RSASSA-PSS (RFC 8017 §9.1.1, MGF1 with the same hash, salt length = hash length) over a precomputed digest. */
export function rsaPssSignDigest(privateKey: KeyObject, digest: Uint8Array, hash: HashAlgorithm): Uint8Array {
  const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const k = Math.ceil(modulusBits / 8);
  const emBits = modulusBits - 1;
  const emLength = Math.ceil(emBits / 8);
  const hashName = HASH_NAMES[hash];
  const hLength = digest.length;
  const salt = crypto.randomBytes(hLength);
  const h = crypto.createHash(hashName).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.alloc(emLength - hLength - 1);
  db[emLength - 2 * hLength - 2] = 0x01;
  salt.copy(db, emLength - hLength * 2 - 1);
  const mask = mgf1(hashName, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLength - emBits);
  const encoded = Buffer.concat([Buffer.alloc(k - emLength), db, h, Buffer.of(0xbc)]);
  return new Uint8Array(crypto.privateEncrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING }, encoded));
}

function mgf1(hashName: string, seed: Uint8Array, length: number): Buffer {
  const chunks: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = crypto.createHash(hashName).update(seed).update(c).digest();
    chunks.push(block);
    produced += block.length;
  }
  return Buffer.concat(chunks).subarray(0, length);
}

function randomScalar(n: bigint, bytes: number, bits: number): bigint {
  for (;;) {
    const random = crypto.randomBytes(bytes);
    const excess = bytes * 8 - bits;
    if (excess > 0) random[0] &= 0xff >> excess;
    const k = toBigInt(random);
    if (k > 0n && k < n) return k;
  }
}

function modInverse(a: bigint, n: bigint): bigint {
  let [oldR, r] = [a % n, n];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % n) + n) % n;
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function fromBase64Url(text: string): bigint {
  return toBigInt(Buffer.from(text, 'base64url'));
}

function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let body = Buffer.from(hex, 'hex');
  if (body[0] & 0x80) body = Buffer.concat([Buffer.of(0), body]);
  return Buffer.concat([Buffer.of(0x02), derLength(body.length), body]);
}

function derSequence(items: Buffer[]): Uint8Array {
  const body = Buffer.concat(items);
  return new Uint8Array(Buffer.concat([Buffer.of(0x30), derLength(body.length), body]));
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  return length < 0x100 ? Buffer.of(0x81, length) : Buffer.of(0x82, length >> 8, length & 0xff);
}
