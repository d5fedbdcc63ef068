/**
 * Keys: file-key containers (encrypted PKCS#8, PKCS#12) and token keys behind the crypto core's SigningKey, the
 * KeyRef syntax, and the one way to open a key (`openKeyAt`). The cabinet owns the records of which keys the user has.
 */
export { parseKeyRef, fileKeyRef, type ParsedKeyRef } from './key-ref';
export { SoftwareSigningKey } from './software-signing-key';
export { Pkcs11SigningKey } from './pkcs11-signing-key';
export { openKeyAt, type KeyLocation, type TokenKeyOpener } from './open-key';
export type { SecretProvider, SecretRequest } from './secret-provider';
export {
  openFileKey,
  readFileKey,
  generateFileKey,
  changeFileKeyPassword,
  storeFileKeyCertificate,
  exportFileKeyAsPkcs12,
  certificatePathFor,
  detectFileKeyFormat,
  formatForNewFile,
  readKeyFileBytes,
  type FileKeyFormat,
  type FileKeyContents,
  type GeneratedFileKey,
} from './file-key';
