/**
 * PKCS#11 tokens. Use through `services.tokens` (a TokenService, built lazily; no library loads before a call needs it):
 *
 *   const token = await tokens.findToken({ label: 'Accountant' });        // or { serial }, + modulePath / moduleName
 *   await tokens.login(token, pin);                                        // null: PIN pad; never retried
 *   const key = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'main' });  // key.uri, key.publicKeySpki
 *   await tokens.bindCertificate(token, key.id, certificateDer);         // same CKA_ID as the key
 *   const signer = await tokens.openSigningKey(key.uri, pin);              // a SigningKey (Pkcs11SigningKey)
 *   const signature = await signer.sign(digest, { hash: 'SHA-256' });
 *
 * Errors: ERR_MODULE_LOAD_FAILED (details.modulePath), ERR_TOKEN_NOT_FOUND / ERR_TOKEN_AMBIGUOUS, ERR_TOKEN_NOT_PRESENT,
 * ERR_PIN_INCORRECT (details.triesLeft 'final' | 'low' | 'unknown'), ERR_PIN_LOCKED, ERR_PIN_REQUIRED, ERR_KEY_NOT_FOUND,
 * ERR_KEY_NOT_SECURE, ERR_CERT_KEY_MISMATCH, ERR_PKCS11 (details.ckr).
 */
export { TokenService } from './token-service';
export { moduleNameOf } from './token-query';
export type { TokenServiceOptions } from './token-service';
export type { TokenQuery } from './token-query';
export type { ModuleStatus, GenerateTokenKeyOptions, TokenKey, SeedRandomResult } from './token-types';
export type { TokenInfo, TokenRef } from './token-info';
export type { TokenFlags } from './token-flags';
export type { TokenChange } from './token-watcher';
export { ModuleCatalogue, KNOWN_MODULES } from './module-catalogue';
export type { ModuleCandidate } from './module-catalogue';
export { loginFailure, triesLeftHint } from './login-failure';
export { ecdsaRawToDer } from './ecdsa-signature';
