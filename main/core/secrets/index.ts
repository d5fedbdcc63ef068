export { type SecretStore, SECRET_SERVICE_NAME, fileKeyPasswordAccount } from './secret-store';
export { KeychainSecretStore } from './keychain-secret-store';
export { MemorySecretStore } from './memory-secret-store';
