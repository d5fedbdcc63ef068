import type { BulkItemResult } from './bulk-job';

/** `verify --csv`: one row per file, RFC 4180 quoting, the columns the Verify screen exports too. */
export function bulkCsv(results: readonly BulkItemResult[]): string {
  const header = ['signature', 'document', 'indication', 'signers', 'levels', 'signing_times', 'errors'];
  const rows = results.map((result) => [
    result.signaturePath,
    result.contentPath ?? '',
    result.indication ?? 'ERROR',
    result.signers.map((signer) => signer.subject).join('; '),
    result.signers.map((signer) => signer.level ?? '').join('; '),
    result.signers.map((signer) => signer.signingTime ?? '').join('; '),
    result.error ? `${result.error.code}: ${result.error.message}` : result.errors.join(' '),
  ]);
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

function quote(value: string): string {
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
