import type { ErrorPayload } from '../../../preload/contract/errors';
import type { KeyAlgorithm, KeyAlgorithmName } from '../keys/signing-key';
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
  /** Logs in first when given (null: PIN pad); otherwise the token must already be logged in. */
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

export interface SeedRandomResult {
  seeded: boolean;
  /** Why not, e.g. CKR_RANDOM_SEED_NOT_SUPPORTED. */
  reason?: string;
}
