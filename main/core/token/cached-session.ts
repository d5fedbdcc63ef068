import type { Pkcs11Module } from './pkcs11-module';
import type { TokenRef } from './token-info';

/** An open session on one token, reused by every operation on it until the token goes away. */
export interface CachedSession {
  readonly module: Pkcs11Module;
  readonly slot: Buffer;
  readonly handle: Buffer;
  readonly ref: TokenRef;
}
