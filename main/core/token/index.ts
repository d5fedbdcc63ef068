export { TokenService, moduleNameOf } from './token-service';
export type { TokenServiceOptions, TokenQuery, ModuleStatus, GenerateTokenKeyOptions, TokenKey, SeedRandomResult } from './token-service';
export type { TokenInfo, TokenRef } from './token-info';
export type { TokenFlags } from './token-flags';
export type { TokenChange } from './token-watcher';
export { ModuleCatalogue, KNOWN_MODULES } from './module-catalogue';
export type { ModuleCandidate } from './module-catalogue';
export { loginFailure, triesLeftHint } from './login-failure';
export { ecdsaRawToDer } from './ecdsa-signature';
