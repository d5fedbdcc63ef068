/**
 * PKCS#11 tokens. Use through `services.tokens` (a TokenService, built lazily; no library loads before a call needs it):
 *
 *   const token = await tokens.findToken({ label: 'Accountant' });        // or { serial }, + modulePath / moduleName
 *   await tokens.verifyPin(token, pin);                                    // proves it; null: PIN pad; never retried
 *   const key = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'main', pin });  // key.uri, key.publicKeySpki
 *   await tokens.bindCertificate(token, key.id, certificateDer, { pin }); // same CKA_ID as the key
 *   const opened = await tokens.openKey(key.uri, pin);                     // logged in until opened.close()
 *   const raw = await opened.signRaw({ mechanism: CKM_ECDSA }, digest, 132);  // keys/Pkcs11SigningKey wraps this
 *   await opened.close();                                                  // the last holder logs the token out
 *
 * Every operation that takes a PIN proves it on the token (LoginLeases): nothing passes as "already logged in".
 *
 * Errors: ERR_MODULE_LOAD_FAILED (details.modulePath), ERR_TOKEN_NOT_FOUND / ERR_TOKEN_AMBIGUOUS, ERR_TOKEN_NOT_PRESENT,
 * ERR_PIN_INCORRECT (details.triesLeft 'final' | 'low' | 'unknown'), ERR_PIN_LOCKED, ERR_PIN_REQUIRED, ERR_KEY_NOT_FOUND,
 * ERR_KEY_NOT_SECURE, ERR_CERT_KEY_MISMATCH, ERR_PKCS11 (details.ckr).
 */
export { TokenService } from './token-service';
export { moduleNameOf } from './token-query';
export type { TokenServiceOptions } from './token-service';
export type { TokenQuery } from './token-query';
export type { ModuleStatus, GenerateTokenKeyOptions, OpenedTokenKey, TokenKey, SeedRandomResult } from './token-types';
export type { TokenInfo, TokenRef } from './token-info';
export type { TokenFlags } from './token-flags';
export type { TokenChange } from './token-watcher';
export { ModuleCatalogue, KNOWN_MODULES } from './module-catalogue';
export type { ModuleCandidate } from './module-catalogue';
export { loginFailure, triesLeftHint } from './login-failure';
export { CK_PARAMS_RSA_PSS, CKM_ECDSA, CKM_EDDSA, CKM_RSA_PKCS, CKM_RSA_PKCS_PSS } from './pkcs11-constants';
export { parsePkcs11Uri, formatPkcs11Uri, isPkcs11Uri, withoutPin, type Pkcs11Uri } from './pkcs11-uri';
export { pinFromUri } from './pin-from-uri';
