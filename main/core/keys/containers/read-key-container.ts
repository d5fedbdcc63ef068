import { SigndeskError } from '../../../../preload/contract/errors';
import { CONTAINER_LIMITS, corrupt } from './container-limits';
import type { ContainerContents, ReadContainerOptions } from './container-types';
import { detectContainer, unarmor } from './detect-container';
import { readEncryptedPkcs8, readPlainPkcs8 } from './encrypted-pkcs8';
import { readIitKey6 } from './iit-key6';
import { readJavaKeyStore } from './java-key-store';
import { readGostPkcs12 } from './pkcs12-reader';

/**
 * Opens any key container Signdesk reads — IIT Key-6.dat, PKCS#8 (encrypted with GOST or standard
 * PBES2, or plain), PKCS#12 (GOST or standard protection), JKS/JCEKS — with its password, returning the
 * keys as PKCS#8 with their roles and certificates. Unknown format → ERR_KEY_FILE_UNKNOWN; damaged →
 * ERR_KEY_FILE_CORRUPT; wrong password → ERR_PASSWORD_INCORRECT.
 */
export async function readKeyContainer(bytes: Uint8Array, password: string, options: ReadContainerOptions = {}): Promise<ContainerContents> {
  if (bytes.length > CONTAINER_LIMITS.maxBytes) throw corrupt('key', `the file is larger than ${CONTAINER_LIMITS.maxBytes} bytes`);
  const format = detectContainer(bytes);
  const der = unarmor(bytes);
  try {
    switch (format) {
      case 'iit-key6':
        return readIitKey6(der, password);
      case 'pkcs8-encrypted':
        return await readEncryptedPkcs8(der, password);
      case 'pkcs8':
        return readPlainPkcs8(der);
      case 'pkcs12':
        return await readGostPkcs12(der, password, options);
      case 'jks':
      case 'jceks':
        return readJavaKeyStore(bytes, password);
      default:
        throw new SigndeskError('ERR_KEY_FILE_UNKNOWN', 'This file is not a key container Signdesk reads (Key-6.dat, PKCS#8, PKCS#12, JKS)');
    }
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    throw corrupt(format, (error as Error).message, error);
  }
}
