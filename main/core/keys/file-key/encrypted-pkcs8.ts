import crypto, { type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { pbeDecrypt, pbes2Encrypt, PBKDF2_ITERATIONS } from './password-based-encryption';
import { MalformedStructure } from './asn1';
import { looksLikePem, pemDecodeAll, pemEncode } from './pem';

export const ENCRYPTED_PRIVATE_KEY_LABEL = 'ENCRYPTED PRIVATE KEY';

/** EncryptedPrivateKeyInfo DER (PKCS#8, RFC 5958) under PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC. */
export async function encryptPrivateKey(privateKey: KeyObject, password: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
  const plain = privateKey.export({ type: 'pkcs8', format: 'der' });
  try {
    const { algorithm, ciphertext } = await pbes2Encrypt(plain, password, iterations);
    const info = new asn1js.Sequence({ value: [algorithm, new asn1js.OctetString({ valueHex: ciphertext })] });
    return new Uint8Array(info.toBER(false));
  } finally {
    plain.fill(0);
  }
}

export async function encryptPrivateKeyPem(privateKey: KeyObject, password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  return pemEncode(ENCRYPTED_PRIVATE_KEY_LABEL, await encryptPrivateKey(privateKey, password, iterations));
}

function corrupt(message: string, cause?: unknown): SigndeskError {
  return new SigndeskError('ERR_KEY_FILE_CORRUPT', message, undefined, { cause });
}

/** The DER of an EncryptedPrivateKeyInfo in a PEM or DER file. */
export function encryptedPrivateKeyDer(bytes: Uint8Array): Uint8Array {
  if (!looksLikePem(bytes)) return bytes;
  const blocks = pemDecodeAll(Buffer.from(bytes).toString('latin1'));
  const block = blocks.find((candidate) => candidate.label === ENCRYPTED_PRIVATE_KEY_LABEL);
  if (block) return block.der;
  if (blocks.some((candidate) => candidate.label === 'PRIVATE KEY' || candidate.label.endsWith(' PRIVATE KEY'))) {
    throw new SigndeskError('ERR_INPUT_INVALID', 'The key file is not encrypted: protect it with a password first');
  }
  throw corrupt('No ENCRYPTED PRIVATE KEY block in the file');
}

/** Decrypts an EncryptedPrivateKeyInfo (PEM or DER). */
export async function decryptPrivateKey(bytes: Uint8Array, password: string): Promise<KeyObject> {
  const der = encryptedPrivateKeyDer(bytes);
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw corrupt('The key file is not valid DER');
  const [algorithm, data] = parsed.result.valueBlock.value;
  if (!algorithm || !(data instanceof asn1js.OctetString)) throw corrupt('The key file is not an EncryptedPrivateKeyInfo');
  let plain: Uint8Array;
  try {
    plain = await pbeDecrypt(algorithm, new Uint8Array(data.valueBlock.valueHexView), password);
  } catch (error) {
    if (error instanceof MalformedStructure) throw corrupt(`The key file is damaged: ${error.message}`, error);
    throw error;
  }
  try {
    return crypto.createPrivateKey({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' });
  } catch {
    // Padding that happened to look right under a wrong key leaves garbage here.
    throw new SigndeskError('ERR_PASSWORD_INCORRECT', 'The password is incorrect');
  } finally {
    plain.fill(0);
  }
}
