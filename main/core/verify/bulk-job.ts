import path from 'node:path';
import { isErrorCode, isSigndeskError, type ErrorCode } from '../../../preload/contract/errors';
import type { BulkVerifyItem } from '../../../preload/contract/domains/verify';
import { allSigners, verifySignatureFile } from '../cms';
import { crlRevocationChecker } from '../pki';
import { RevocationService, withRevocationSources, type RevocationSourceRule } from '../pki/revocation';
import type { RevocationChecker } from '../pki/revocation/revocation-types';
import type { SignatureItem } from './signature-pairs';

/** Everything a verifier needs, plain data: it crosses into worker threads. */
export interface BulkConfig {
  trustAnchors: Uint8Array[];
  intermediates: Uint8Array[];
  /** `--crl` files' bytes. */
  crls: Uint8Array[];
  /** ISO 8601 validation time (`--at`). */
  at?: string;
  /** The CA profiles' OCSP / CRL addresses, applied to the certificates of their CAs (as the cabinet does). */
  revocationSources?: RevocationSourceRule[];
  /** `--no-revocation`. */
  noRevocation: boolean;
  /** Where online OCSP/CRL answers are cached; absent: only the signatures' own data and `crls` (offline). */
  revocationCacheDir?: string;
  /** Keep each file's full report in its result (the app's list expands it; the CSV does not need it). */
  fullReports: boolean;
}

/** One file's verdict (the contract's type: it goes to the window as it is). */
export type BulkItemResult = BulkVerifyItem;

/** A verifier for many files with one configuration (trust, revocation sources) built once. */
export function createBulkVerifier(config: BulkConfig): (item: SignatureItem) => Promise<BulkItemResult> {
  let revocation: RevocationChecker | 'skip' | undefined = 'skip';
  if (!config.noRevocation) {
    const online = config.revocationCacheDir ? new RevocationService({ cacheDir: config.revocationCacheDir }) : undefined;
    const cached: RevocationChecker | undefined = online ? (certificate, issuer, options) => online.checkRevocation(certificate, issuer, { preferCache: true, ...options }) : undefined;
    const fallback = cached ? withRevocationSources(cached, config.revocationSources ?? []) : undefined;
    revocation = config.crls.length > 0 || fallback ? crlRevocationChecker(config.crls, fallback ? { fallback } : {}) : undefined;
  }
  const at = config.at ? new Date(config.at) : undefined;
  return async (item) => {
    try {
      const report = await verifySignatureFile({
        signaturePath: item.signaturePath,
        ...(item.contentPath ? { contentPath: item.contentPath } : {}),
        trustAnchors: config.trustAnchors,
        intermediates: config.intermediates,
        ...(at ? { at } : {}),
        ...(revocation !== undefined ? { revocation } : {}),
      });
      const signers = allSigners(report.signers);
      return {
        ...item,
        indication: report.indication,
        valid: report.valid,
        signers: signers.map((signer) => ({ subject: signer.subject, owner: signer.owner ?? null, organisation: signer.organisation ?? null, indication: signer.indication, level: signer.level ?? null, signingTime: signer.signingTime })),
        errors: [...new Set(signers.flatMap((signer) => signer.errors.map((error) => error.code)))],
        error: null,
        report: config.fullReports ? report : null,
      };
    } catch (error) {
      const code: ErrorCode = isSigndeskError(error) ? error.code : isErrorCode((error as { code?: unknown })?.code) ? ((error as { code: ErrorCode }).code) : 'ERR_INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      return { ...item, indication: null, valid: false, signers: [], errors: [code], error: { code, message: `${path.basename(item.signaturePath)}: ${message}` }, report: null };
    }
  };
}
