/** RFC 5280 CRLReason names, indexed by their ENUMERATED value (7 is unused). */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  null,
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export type RevocationReason = Exclude<(typeof REVOCATION_REASONS)[number], null>;

export function reasonName(code: number | undefined): RevocationReason | null {
  if (code === undefined) return null;
  return REVOCATION_REASONS[code] ?? null;
}

export function reasonCode(name: RevocationReason): number {
  return REVOCATION_REASONS.indexOf(name);
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'unreachable';
export type RevocationSource = 'ocsp' | 'crl';

/** The answer of one revocation check, in the shape `signdesk status --json` prints. */
export interface RevocationResult {
  status: RevocationStatus;
  source: RevocationSource | null;
  fromCache: boolean;
  revokedAt: Date | null;
  reason: RevocationReason | null;
  thisUpdate: Date | null;
  nextUpdate: Date | null;
  /** Where the answer came from (responder or CRL URL). */
  url?: string;
  /** Why sources that were tried gave no usable answer (network errors, bad signatures, stale data). */
  problems: string[];
  /** Nothing to ask: the certificate names no OCSP responder or CRL and no profile override gives one. */
  noSources?: boolean;
  /** The answer came from the signature's own validation data (CAdES-LT values, SignedData CRLs, RFC 5940 OCSP). */
  fromSignature?: boolean;
  /** The DER of the OCSP response or CRLs the answer rests on (what `signdesk extend` stores in the signature). */
  evidence?: Array<{ kind: 'ocsp' | 'crl'; der: Uint8Array }>;
}

export interface CheckRevocationOptions {
  /** The time the status is wanted for; default now. A revocation dated after `at` reads as good (revokedAt kept). */
  at?: Date;
  /** false: answer from the cache only. Default true. */
  allowNetwork?: boolean;
  /** true: a cached answer still within its validity is used without asking the network (bulk verification). */
  preferCache?: boolean;
  /** Overrides the certificate's AIA OCSP URL. */
  ocspUrl?: string;
  /** Override the certificate's CRL distribution points. */
  crlUrls?: string[];
  /** Further certificates of the path's context: a CA's separate CRL-signing certificate, an indirect CRL issuer, OCSP responders. */
  certificates?: readonly Uint8Array[];
  /** The trust anchors of the path (a CRL signer other than the issuer must validate to one). */
  trustAnchors?: readonly Uint8Array[];
}

/** What a CAdES verifier or path validator plugs in: status of `cert` as issued by `issuer`. */
export type RevocationChecker = (
  certificate: Uint8Array,
  issuer: Uint8Array,
  options?: CheckRevocationOptions,
) => Promise<RevocationResult>;
