import type { TokenDetection } from '../../../preload/contract/domains/cabinet';
import type { KeyAlgorithmName } from '../crypto';

/**
 * What the cabinet needs from tokens. The token feature's TokenService provides it (adapted in
 * `services.ts`); the cabinet never touches PKCS#11 itself.
 */
export interface CabinetTokenPort {
  /** Tokens present now, or that no PKCS#11 library is installed. */
  detect(): Promise<TokenDetection>;
  /**
   * Logs in with `pin`, seeds the token's generator with `entropy` (C_SeedRandom) when given, and generates a
   * non-extractable key pair labelled `objectLabel`. Returns the key's `pkcs11:` URI and its public key.
   */
  generateKey(input: { tokenLabel: string; pin: string; algorithm: KeyAlgorithmName; objectLabel: string; entropy?: Uint8Array }): Promise<{ keyRef: string; publicKeySpki: Uint8Array }>;
  /** Writes the certificate object beside the key (same CKA_ID). */
  bindCertificate(keyRef: string, pin: string, certificate: Uint8Array): Promise<void>;
  changePin(tokenLabel: string, oldPin: string, newPin: string): Promise<void>;
  /** The first user PIN, set with the administrator's SO PIN (C_InitPIN). */
  initPin(tokenLabel: string, soPin: string, newPin: string): Promise<void>;
}
