import crypto from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { beyondLimit, HASH_BYTES, KDF_LIMITS, KdfBudget } from './kdf-limits';
import { bmpPassword, pkcs12Kdf, PKCS12_KDF_IV, PKCS12_KDF_KEY } from './pkcs12-kdf';
import { rc2CbcDecrypt } from './rc2';
import { MalformedStructure } from './asn1';

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256; what every file key we write uses. */
export const PBKDF2_ITERATIONS = 600_000;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  aes128cbc: '2.16.840.1.101.3.4.1.2',
  aes192cbc: '2.16.840.1.101.3.4.1.22',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
  pkcs12Pbe3Des: '1.2.840.113549.1.12.1.3',
  pkcs12Pbe2Des: '1.2.840.113549.1.12.1.4',
  pkcs12PbeRc2128: '1.2.840.113549.1.12.1.5',
  pkcs12PbeRc240: '1.2.840.113549.1.12.1.6',
} as const;

const PRF_HASH: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const HMAC_WITH_SHA256 = '1.2.840.113549.2.9';

const CIPHERS: Record<string, { name: string; keyLength: number }> = {
  [OID.aes128cbc]: { name: 'aes-128-cbc', keyLength: 16 },
  [OID.aes192cbc]: { name: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256cbc]: { name: 'aes-256-cbc', keyLength: 32 },
  [OID.desEde3Cbc]: { name: 'des-ede3-cbc', keyLength: 24 },
};

const pbkdf2 = promisify(crypto.pbkdf2);
const scrypt = promisify(crypto.scrypt) as (password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

export interface EncryptedBlob {
  /** The AlgorithmIdentifier (PBES2 with its parameters), ready to place in a structure. */
  algorithm: asn1js.Sequence;
  ciphertext: Uint8Array;
}

/** PBES2 (RFC 8018): PBKDF2-HMAC-SHA256 + AES-256-CBC, fresh salt and IV. */
export async function pbes2Encrypt(plaintext: Uint8Array, password: string, iterations = PBKDF2_ITERATIONS): Promise<EncryptedBlob> {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(16);
  const key = await pbkdf2(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.pbes2 }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: OID.pbkdf2 }),
              new asn1js.Sequence({
                value: [
                  new asn1js.OctetString({ valueHex: salt }),
                  new asn1js.Integer({ value: iterations }),
                  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: HMAC_WITH_SHA256 }), new asn1js.Null()] }),
                ],
              }),
            ],
          }),
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.aes256cbc }), new asn1js.OctetString({ valueHex: iv })] }),
        ],
      }),
    ],
  });
  return { algorithm, ciphertext: new Uint8Array(ciphertext) };
}


function children(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence)) throw new MalformedStructure(`${what}: expected a SEQUENCE`);
  return node.valueBlock.value as asn1js.AsnType[];
}

function oidOf(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new MalformedStructure(`${what}: expected an OID`);
  return node.valueBlock.toString();
}

function octets(node: asn1js.AsnType | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.OctetString)) throw new MalformedStructure(`${what}: expected an OCTET STRING`);
  return new Uint8Array(node.valueBlock.valueHexView);
}

function salt(node: asn1js.AsnType | undefined, what: string): Uint8Array {
  const bytes = octets(node, what);
  if (bytes.length > KDF_LIMITS.maxSaltBytes) throw beyondLimit(`a ${what} of bytes`, bytes.length, KDF_LIMITS.maxSaltBytes);
  return bytes;
}

/**
 * A positive INTEGER read from its bytes (asn1js' valueDec is 0 for four-byte values from 2^23 up). Values past
 * 2^53 come back as Infinity, which every cap refuses.
 */
function integer(node: asn1js.AsnType | undefined, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw new MalformedStructure(`${what}: expected an INTEGER`);
  const bytes = node.valueBlock.valueHexView;
  if (bytes.length === 0 || bytes[0]! & 0x80) throw new MalformedStructure(`${what}: out of range`);
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  if (value < 1) throw new MalformedStructure(`${what}: out of range`);
  return Number.isSafeInteger(value) ? value : Infinity;
}

function capped(what: string, value: number, limit: number): number {
  if (value > limit) throw beyondLimit(what, value, limit);
  return value;
}

function wrongPassword(): SigndeskError {
  return new SigndeskError('ERR_PASSWORD_INCORRECT', 'The password is incorrect');
}

function unsupported(oid: string): SigndeskError {
  return new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported encryption algorithm ${oid}`);
}

function decipher(name: string, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  try {
    const decipher = crypto.createDecipheriv(name, key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    // Bad padding after decryption: the key, hence the password, was wrong.
    throw wrongPassword();
  }
}

async function deriveKey(kdf: asn1js.AsnType[], password: string, cipherKeyLength: number, budget: KdfBudget): Promise<Uint8Array> {
  const kdfOid = oidOf(kdf[0], 'keyDerivationFunc');
  const params = children(kdf[1], 'KDF parameters');
  const secret = Buffer.from(password, 'utf8');
  if (kdfOid === OID.pbkdf2) {
    const pbkdf2Salt = salt(params[0], 'PBKDF2 salt');
    const iterations = capped('PBKDF2 iterations', integer(params[1], 'PBKDF2 iterations'), KDF_LIMITS.pbkdf2Iterations);
    let index = 2;
    // The key length, when present, must be the cipher's (OpenSSL refuses any other too).
    if (params[index] instanceof asn1js.Integer) {
      const keyLength = integer(params[index++], 'PBKDF2 key length');
      if (keyLength !== cipherKeyLength) throw beyondLimit('a PBKDF2 key length of', keyLength, `the cipher's ${cipherKeyLength}`);
    }
    let hash = 'sha1';
    if (params[index] !== undefined) {
      const prfOid = oidOf(children(params[index], 'PBKDF2 prf')[0], 'PBKDF2 prf');
      const prfHash = PRF_HASH[prfOid];
      if (!prfHash) throw unsupported(prfOid);
      hash = prfHash;
    }
    budget.spendPbkdf2(iterations * Math.ceil(cipherKeyLength / HASH_BYTES[hash]!));
    return new Uint8Array(await pbkdf2(secret, pbkdf2Salt, iterations, cipherKeyLength, hash));
  }
  if (kdfOid === OID.scrypt) {
    const scryptSalt = salt(params[0], 'scrypt salt');
    const N = integer(params[1], 'scrypt cost');
    const r = capped('a scrypt block size of', integer(params[2], 'scrypt block size'), KDF_LIMITS.scryptMaxR);
    const p = capped('a scrypt parallelization of', integer(params[3], 'scrypt parallelization'), KDF_LIMITS.scryptMaxP);
    if (N < 2 || N > KDF_LIMITS.scryptMaxN || (N & (N - 1)) !== 0) throw beyondLimit('a scrypt cost N of', N, `a power of two up to ${KDF_LIMITS.scryptMaxN}`);
    const memory = capped('scrypt memory (bytes) of', 128 * N * r, KDF_LIMITS.scryptMaxMemory);
    capped('scrypt work N·r·p of', N * r * p, KDF_LIMITS.scryptMaxWork);
    if (params[4] instanceof asn1js.Integer) {
      const keyLength = integer(params[4], 'scrypt key length');
      if (keyLength !== cipherKeyLength) throw beyondLimit('a scrypt key length of', keyLength, `the cipher's ${cipherKeyLength}`);
    }
    return new Uint8Array(await scrypt(secret, scryptSalt, cipherKeyLength, { N, r, p, maxmem: memory + 128 * r * p + 1024 * 1024 }));
  }
  throw unsupported(kdfOid);
}

async function pbes2Decrypt(params: asn1js.AsnType[], ciphertext: Uint8Array, password: string, budget: KdfBudget): Promise<Uint8Array> {
  const kdf = children(params[0], 'keyDerivationFunc');
  const scheme = children(params[1], 'encryptionScheme');
  const schemeOid = oidOf(scheme[0], 'encryptionScheme');
  const cipher = CIPHERS[schemeOid];
  if (!cipher) throw unsupported(schemeOid);
  const iv = octets(scheme[1], 'IV');
  const key = await deriveKey(kdf, password, cipher.keyLength, budget);
  return decipher(cipher.name, key, iv, ciphertext);
}

async function pkcs12PbeDecrypt(oid: string, params: asn1js.AsnType[], ciphertext: Uint8Array, password: string, budget: KdfBudget): Promise<Uint8Array> {
  const pbeSalt = salt(params[0], 'PBE salt');
  const iterations = capped('PKCS#12 PBE iterations', integer(params[1], 'PBE iterations'), KDF_LIMITS.pkcs12PbeIterations);
  const bmp = bmpPassword(password);
  const derive = (purpose: number, length: number) => {
    budget.spendPkcs12Kdf(iterations * Math.ceil(length / HASH_BYTES.sha1!));
    return pkcs12Kdf('sha1', bmp, pbeSalt, purpose, iterations, length);
  };
  switch (oid) {
    case OID.pkcs12Pbe3Des:
      return decipher('des-ede3-cbc', await derive(PKCS12_KDF_KEY, 24), await derive(PKCS12_KDF_IV, 8), ciphertext);
    case OID.pkcs12Pbe2Des: {
      const key = await derive(PKCS12_KDF_KEY, 16);
      return decipher('des-ede3-cbc', Buffer.concat([key, key.subarray(0, 8)]), await derive(PKCS12_KDF_IV, 8), ciphertext);
    }
    case OID.pkcs12PbeRc2128:
    case OID.pkcs12PbeRc240: {
      const bits = oid === OID.pkcs12PbeRc240 ? 40 : 128;
      const plain = rc2CbcDecrypt(await derive(PKCS12_KDF_KEY, bits / 8), bits, await derive(PKCS12_KDF_IV, 8), ciphertext);
      if (!plain) throw wrongPassword();
      return plain;
    }
    default:
      throw unsupported(oid);
  }
}

/**
 * Decrypts data protected by a password-based AlgorithmIdentifier: PBES2 (PBKDF2 or scrypt; AES-CBC or
 * 3DES) or the legacy PKCS#12 PBEs (3DES, RC2), within KDF_LIMITS and the file's `budget`. Wrong password → ERR_PASSWORD_INCORRECT; unknown
 * algorithms → ERR_KEY_ALGORITHM_UNSUPPORTED; unreadable parameters → MalformedStructure (from ./asn1).
 */
export async function pbeDecrypt(algorithm: asn1js.AsnType, ciphertext: Uint8Array, password: string, budget = new KdfBudget()): Promise<Uint8Array> {
  const parts = children(algorithm, 'AlgorithmIdentifier');
  const oid = oidOf(parts[0], 'algorithm');
  const params = children(parts[1], 'algorithm parameters');
  if (oid === OID.pbes2) return pbes2Decrypt(params, ciphertext, password, budget);
  return pkcs12PbeDecrypt(oid, params, ciphertext, password, budget);
}
