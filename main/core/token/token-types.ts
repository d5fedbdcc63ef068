import type { Mechanism } from 'pkcs11js';
import type { ErrorPayload } from '../../../preload/contract/errors';
import type { KeyAlgorithm, KeyAlgorithmName } from '../crypto';
import type { ModuleCandidate } from './module-catalogue';
import type { TokenRef } from './token-info';

export interface ModuleStatus {
  path: string;
  name: string;
  source: ModuleCandidate['source'];
  loaded: boolean;
  error?: ErrorPayload;
}

export interface GenerateTokenKeyOptions {
  token: TokenRef;
  algorithm: KeyAlgorithmName;
  /** CKA_LABEL of both halves. */
  label: string;
  /** The token's PIN, proved first (null: PIN pad); a token that needs a login refuses without one. */
  pin?: string | null;
  /** CKA_ALWAYS_AUTHENTICATE: a PIN before every signature. */
  alwaysAuthenticate?: boolean;
}

/** A key pair on a token, as listKeys and generateKeyPair report it. */
export interface TokenKey {
  /** CKA_ID, hex: shared by the private key, the public key and the certificate. */
  id: string;
  label: string;
  algorithm: KeyAlgorithm | undefined;
  publicKeySpki: Uint8Array | undefined;
  certificate: Uint8Array | undefined;
  alwaysAuthenticate: boolean;
  /** `pkcs11:` URI (no PIN) that openSigningKey and the cabinet accept. */
  uri: string;
}

/** A private key on a token, logged in and ready for raw signing operations until `close()`. */
export interface OpenedTokenKey {
  /** `pkcs11:` URI (no PIN). */
  uri: string;
  algorithm: KeyAlgorithm;
  publicKeySpki: Uint8Array;
  certificate?: Uint8Array;
  /** C_SignInit + C_Sign with the mechanism over `data` (queued on the module, batched with concurrent calls). */
  signRaw(mechanism: Mechanism, data: Uint8Array, maxSignatureLength: number): Promise<Uint8Array>;
  /** Gives back this key's hold on the token's login (the last holder logs the token out). Idempotent. */
  close(): Promise<void>;
}

export interface SeedRandomResult {
  seeded: boolean;
  /** Why not, e.g. CKR_RANDOM_SEED_NOT_SUPPORTED. */
  reason?: string;
}
