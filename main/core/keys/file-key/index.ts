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
export { encryptPrivateKey, encryptPrivateKeyPem } from './encrypted-pkcs8';
export { writePkcs12, type Pkcs12WriteInput } from './pkcs12';
export { PBKDF2_ITERATIONS } from './password-based-encryption';
export { pemEncode, pemDecodeAll } from './pem';
