export {
  openFileKey,
  readFileKey,
  generateFileKey,
  generatePrivateKey,
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
export { encryptPrivateKey, encryptPrivateKeyPem, decryptPrivateKey } from './encrypted-pkcs8';
export { readPkcs12, writePkcs12, type Pkcs12Contents, type Pkcs12WriteInput } from './pkcs12';
export { PBKDF2_ITERATIONS } from './password-based-encryption';
export { pemEncode, pemDecodeAll } from './pem';
