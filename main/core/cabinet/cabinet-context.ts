import { SigndeskError } from '../../../preload/contract/errors';
import type { SigningKey } from '../crypto';
import { describeCertificate } from '../pki/certificate';
import type { CabinetCaPort } from './ca-port';
import type { KeyOpener } from './key-opener';
import type { KeyRecord, KeyRecords } from './key-records';
import type { CabinetTokenPort } from './token-port';

/**
 * Revocation status of a certificate; the issuer is found among `chain`, the CA profiles or by AIA
 * (the CA feature's `CaService.checkStatus`). ERR_CERT_CHAIN_INVALID when no issuer can be found.
 */
export type RevocationCheck = (
  certificate: Uint8Array,
  chain: readonly Uint8Array[],
  /** The key's CA profile, whose OCSP / CRL overrides apply; null: none chosen. */
  profileId: string | null,
) => Promise<{ status: 'good' | 'revoked' | 'unknown' | 'unreachable'; source: 'ocsp' | 'crl' | null; revokedAt: string | Date | null; noSources?: boolean }>;

export function filePathOf(record: KeyRecord): string {
  if (!record.keyRef.startsWith('file:')) throw new SigndeskError('ERR_INTERNAL', `Key ${record.id} is not a file key`);
  return record.keyRef.slice('file:'.length);
}

/** What the cabinet's parts share: the key records, the token and CA ports, the clock, and the checks over them. */
export class CabinetContext {
  constructor(
    readonly records: KeyRecords,
    /** File keys are kept encrypted in `<keysDir>`. */
    readonly keysDir: string,
    readonly tokens: CabinetTokenPort | undefined,
    readonly checkRevocation: RevocationCheck | undefined,
    readonly ca: CabinetCaPort | undefined,
    readonly now: () => Date,
    /** The one way a key is opened, shared with CabinetKeys. */
    readonly opener: KeyOpener,
    /** Where new keys' signed acceptance statements are kept. */
    readonly statementsDir: string,
  ) {}

  /** Refuses with ERR_KEY_BLOCKED when the cabinet has this key blocked. Keys not in the cabinet pass. */
  assertMaySign(keyRefOrId: string): void {
    const record = this.records.find(keyRefOrId) ?? this.records.findByRef(keyRefOrId);
    if (record?.blocked) throw new SigndeskError('ERR_KEY_BLOCKED', `The key "${record.name}" is blocked in the cabinet`, { keyId: record.id });
  }

  /**
   * The key as a SigningKey, opened with the secret the user gave for this action (it is proved: renewal and
   * temporary keys reuse it), after the block check. Through the cabinet's one KeyOpener, like every other path.
   */
  async openSigningKey(keyId: string, secret: string): Promise<SigningKey> {
    const record = this.records.get(keyId);
    return (await this.opener.open(record.id, { given: secret })).key;
  }

  /** A profile id that exists, else ERR_NOT_FOUND; null passes. */
  knownProfile(profileId: string | null): string | null {
    if (profileId !== null && !this.ca?.hasProfile(profileId)) throw new SigndeskError('ERR_NOT_FOUND', `No CA profile ${profileId}`, { profileId });
    return profileId;
  }

  holdsAtCa(record: KeyRecord): boolean {
    return record.certificate !== null && (this.ca?.configured(record.caProfileId) ?? false);
  }

  tokenPort(): CabinetTokenPort {
    if (!this.tokens) throw new SigndeskError('ERR_MODULE_LOAD_FAILED', 'No token library is available');
    return this.tokens;
  }

  async presentTokenLabels(): Promise<Set<string>> {
    if (!this.tokens) return new Set();
    try {
      return new Set((await this.tokens.detect()).tokens.map((token) => token.label));
    } catch {
      // A broken token library means no token is reachable: every token key shows as absent.
      return new Set();
    }
  }

  mainNotAfter(parent: KeyRecord): Date {
    if (!parent.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'The main key has no certificate yet', { keyId: parent.id, context: 'noCertificate' });
    return new Date(describeCertificate(parent.certificate).notAfter);
  }
}
