import * as asn1js from 'asn1js';
import { pbes2Encrypt, PBKDF2_ITERATIONS } from './password-based-encryption';
import { pemEncode } from './pem';

export const ENCRYPTED_PRIVATE_KEY_LABEL = 'ENCRYPTED PRIVATE KEY';

/**
 * EncryptedPrivateKeyInfo DER (PKCS#8, RFC 5958) of a PrivateKeyInfo under PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC. Reading any encrypted PKCS#8 (GOST included) is the key containers' job.
 */
export async function encryptPrivateKey(privateKeyInfo: Uint8Array, password: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
  const { algorithm, ciphertext } = await pbes2Encrypt(privateKeyInfo, password, iterations);
  const info = new asn1js.Sequence({ value: [algorithm, new asn1js.OctetString({ valueHex: ciphertext })] });
  return new Uint8Array(info.toBER(false));
}

export async function encryptPrivateKeyPem(privateKeyInfo: Uint8Array, password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  return pemEncode(ENCRYPTED_PRIVATE_KEY_LABEL, await encryptPrivateKey(privateKeyInfo, password, iterations));
}
