import crypto from 'node:crypto';
import * as asn1js from 'asn1js';

/**
 * Key files an attacker would hand a user: well-formed enough to reach the key derivation, with parameters
 * that ask for absurd work or memory. The ciphertext is random (the point is what happens before decryption).
 */

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  hmacSha256: '1.2.840.113549.2.9',
  pkcs12Pbe3Des: '1.2.840.113549.1.12.1.3',
  data: '1.2.840.113549.1.7.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  sha1: '1.3.14.3.2.26',
} as const;

const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes });
const int = (value: number) => bigInt(BigInt(value));
const explicit0 = (inner: asn1js.AsnType) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
const der = (node: asn1js.AsnType) => new Uint8Array(node.toBER(false));

/** An INTEGER of any size (asn1js' `value` stops at 2^53). */
function bigInt(value: bigint): asn1js.Integer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return new asn1js.Integer({ valueHex: Buffer.from(hex, 'hex') });
}

function encryptedPkcs8(algorithm: asn1js.AsnType): Uint8Array {
  return der(seq(algorithm, octets(crypto.randomBytes(48))));
}

function pbes2(kdf: asn1js.AsnType): asn1js.Sequence {
  return seq(oid(OID.pbes2), seq(kdf, seq(oid(OID.aes256cbc), octets(crypto.randomBytes(16)))));
}

/** PBES2 with scrypt: N, r, p as given (any size). */
export function scryptPkcs8(N: bigint, r: bigint, p = 1n): Uint8Array {
  return encryptedPkcs8(pbes2(seq(oid(OID.scrypt), seq(octets(crypto.randomBytes(16)), bigInt(N), bigInt(r), bigInt(p)))));
}

/** PBES2 with PBKDF2-HMAC-SHA256, the iteration count and (optional) key length as given. */
export function pbkdf2Pkcs8(iterations: number, keyLength?: number): Uint8Array {
  const params: asn1js.AsnType[] = [octets(crypto.randomBytes(16)), int(iterations)];
  if (keyLength !== undefined) params.push(int(keyLength));
  params.push(seq(oid(OID.hmacSha256), new asn1js.Null()));
  return encryptedPkcs8(pbes2(seq(oid(OID.pbkdf2), seq(...params))));
}

/** An encrypted PKCS#8 whose encryption algorithm is an OID of `arcs` sub-identifiers (hostile DER, not KDF work). */
export function hugeOidPkcs8(bytes: number): Uint8Array {
  const body = new Uint8Array(bytes).fill(0x81);
  body[0] = 0x2a;
  body[bytes - 1] = 0x01;
  const oidNode = new asn1js.Primitive({ idBlock: { tagClass: 1, tagNumber: 6 }, valueHex: body });
  return encryptedPkcs8(seq(oidNode, seq(int(1))));
}

/** A PKCS#8 whose PBES2 key-derivation OID is empty (zero content octets). */
export function emptyOidPkcs8(): Uint8Array {
  const empty = new asn1js.Primitive({ idBlock: { tagClass: 1, tagNumber: 6 }, valueHex: new Uint8Array(0) });
  return encryptedPkcs8(seq(oid(OID.pbes2), seq(seq(empty, seq(octets(crypto.randomBytes(8)), int(1))), seq(oid(OID.aes256cbc), octets(crypto.randomBytes(16))))));
}

/**
 * A PKCS#12 with `bags` shrouded key bags under pbeWithSHAAnd3-KeyTripleDES-CBC at `pbeIterations`, and (unless
 * `macIterations` is undefined) a SHA-1 MAC at `macIterations`.
 */
export function pkcs12WithIterations(pbeIterations: number, macIterations?: number, bags = 1): Uint8Array {
  const bag = () => {
    const pbe = seq(oid(OID.pkcs12Pbe3Des), seq(octets(crypto.randomBytes(8)), int(pbeIterations)));
    return seq(oid(OID.shroudedKeyBag), explicit0(seq(pbe, octets(crypto.randomBytes(48)))));
  };
  const authSafe = der(seq(seq(oid(OID.data), explicit0(octets(der(seq(...Array.from({ length: bags }, bag))))))));
  const items: asn1js.AsnType[] = [int(3), seq(oid(OID.data), explicit0(octets(authSafe)))];
  if (macIterations !== undefined) items.push(seq(seq(seq(oid(OID.sha1), new asn1js.Null()), octets(crypto.randomBytes(20))), octets(crypto.randomBytes(8)), int(macIterations)));
  return der(seq(...items));
}
