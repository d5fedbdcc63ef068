import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { KdfBudget } from '../file-key/kdf-limits';
import { pbeDecrypt } from '../file-key/password-based-encryption';
import { ContainerDer, der } from './container-der';
import { corrupt, wrongPassword } from './container-limits';
import { DerError, readNode } from '../../crypto/der';
import type { ContainerContents } from './container-types';
import { decryptGostPbes2, encryptGostPbes2, isGostPbes2, type GostPbes2Options } from './gost-pbes2';
import { splitPrivateKeyInfo } from './iit-private-key';

const FORMAT = 'PKCS#8';

/**
 * Decrypts an EncryptedPrivateKeyInfo (its DER, or the pieces from a PKCS#12 shrouded key bag) to the
 * PrivateKeyInfo DER: the Ukrainian GOST PBES2 profile here, every other scheme (PBES2 with PBKDF2/scrypt
 * and AES/3DES, the PKCS#12 PBEs) through the file-key module's decryptor.
 */
export async function decryptPrivateKeyInfo(algorithmIdentifier: Uint8Array, ciphertext: Uint8Array, password: string, format = FORMAT, budget = new KdfBudget()): Promise<Uint8Array> {
  if (isGostPbes2(algorithmIdentifier)) return decryptGostPbes2(algorithmIdentifier, ciphertext, password);
  const reader = new ContainerDer(format);
  let plain: Uint8Array;
  try {
    plain = await pbeDecrypt(reader.parse(algorithmIdentifier, 'encryption algorithm'), ciphertext, password, budget);
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    throw corrupt(format, (error as Error).message, error);
  }
  // CBC padding passes by chance for about one wrong password in 256: what it decrypts to is then no SEQUENCE
  // spanning the plaintext, which says "wrong password", not "damaged file".
  if (!isWholeSequence(plain)) throw wrongPassword();
  return plain;
}

function isWholeSequence(bytes: Uint8Array): boolean {
  // Some writers encode the PrivateKeyInfo with an indefinite length (BER): a SEQUENCE ending in end-of-contents.
  if (bytes[0] === 0x30 && bytes[1] === 0x80) return bytes.length >= 4 && bytes[bytes.length - 1] === 0 && bytes[bytes.length - 2] === 0;
  try {
    const node = readNode(bytes);
    return node.tag === 0x30 && node.end === bytes.length;
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
}

/** PKCS#8 EncryptedPrivateKeyInfo (GOST or standard encryption) → the key(s) it holds. */
export async function readEncryptedPkcs8(bytes: Uint8Array, password: string): Promise<ContainerContents> {
  const reader = new ContainerDer(FORMAT);
  const [algorithm, encrypted, ...rest] = reader.items(reader.parse(bytes, 'encrypted key'), 'EncryptedPrivateKeyInfo');
  if (rest.length > 0 || !(algorithm instanceof asn1js.Sequence)) reader.fail('not an EncryptedPrivateKeyInfo');
  const privateKeyInfo = await decryptPrivateKeyInfo(reader.raw(algorithm), reader.octets(encrypted, 'encryptedData'), password);
  return { keys: splitPrivateKeyInfo(privateKeyInfo, FORMAT), certificates: [], format: 'pkcs8-encrypted' };
}

/** An unencrypted PrivateKeyInfo file. */
export function readPlainPkcs8(bytes: Uint8Array): ContainerContents {
  return { keys: splitPrivateKeyInfo(bytes, FORMAT), certificates: [], format: 'pkcs8' };
}

/**
 * A PKCS#8 EncryptedPrivateKeyInfo under the Ukrainian GOST PBES2 profile, as IIT and jkurwa write it
 * (for handing a key to Ukrainian software; Signdesk's own key files use PBES2 with AES).
 */
export function writeGostEncryptedPkcs8(privateKeyInfo: Uint8Array, password: string, options?: GostPbes2Options): Uint8Array {
  const { algorithmIdentifier, ciphertext } = encryptGostPbes2(privateKeyInfo, password, options);
  return der(new asn1js.Sequence({ value: [asn1js.fromBER(algorithmIdentifier).result, new asn1js.OctetString({ valueHex: ciphertext })] }));
}
