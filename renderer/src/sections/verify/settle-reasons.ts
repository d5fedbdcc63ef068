import type { BulkVerifyItem, SignerReport, VerifyReport } from '../../../../preload/contract/domains/verify';

/** What would turn an "indeterminate" verdict into a firm one, most useful first. */
export type SettleReason = 'untrusted' | 'revocation' | 'content' | 'other';

function everySigner(signers: readonly SignerReport[]): SignerReport[] {
  return signers.flatMap((signer) => [signer, ...everySigner(signer.counterSigners ?? [])]);
}

/** The reasons a report is indeterminate, from its signers' finding codes; none for a firm verdict. */
export function settleReasons(report: VerifyReport): SettleReason[] {
  if (report.indication !== 'INDETERMINATE') return [];
  return reasonsFromCodes(new Set(everySigner(report.signers).flatMap((signer) => signer.errors.map((error) => error.code))));
}

/** Across a packet: the reasons of its indeterminate files (no catch-all: each file's report tells the rest). */
export function bulkSettleReasons(files: readonly BulkVerifyItem[]): SettleReason[] {
  const codes = new Set(files.filter((file) => file.indication === 'INDETERMINATE').flatMap((file) => file.errors));
  return reasonsFromCodes(codes).filter((reason) => reason !== 'other');
}

function reasonsFromCodes(codes: ReadonlySet<string>): SettleReason[] {
  const reasons: SettleReason[] = [];
  if (codes.has('ERR_CERT_UNTRUSTED')) reasons.push('untrusted');
  if (codes.has('ERR_REVOCATION_UNKNOWN')) reasons.push('revocation');
  if (codes.has('ERR_CONTENT_MISSING')) reasons.push('content');
  return reasons.length > 0 ? reasons : ['other'];
}
