export { KeyStore, keyAlgorithmName, type KeyStoreOptions, type SecretProvider, type SecretRequest, type GenerateKeyInput } from './key-store';
export { keyCabinetRecord, KEY_RECORD_STATUSES, type KeyCabinetRecord, type KeyRecordStatus } from './key-cabinet-record';
export { parseKeyRef, fileKeyRef, type ParsedKeyRef } from './key-ref';
export { pinFromUri } from '../token/pin-from-uri';
export { NodeSigningKey, algorithmOf } from './node-signing-key';
export { keyAlgorithmFromName, KEY_ALGORITHM_NAMES, type SigningKey, type KeyAlgorithm, type KeyAlgorithmName, type HashAlgorithm, type SignOptions } from './signing-key';
export { parsePkcs11Uri, formatPkcs11Uri, isPkcs11Uri, withoutPin, type Pkcs11Uri } from './pkcs11-uri';
