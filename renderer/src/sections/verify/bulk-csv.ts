import type { BulkVerifyItem } from '../../../../preload/contract/domains/verify';

/** The Verify screen's export: the same columns as `signdesk verify --csv`. */
export function bulkCsv(files: readonly BulkVerifyItem[]): string {
  const header = ['signature', 'document', 'indication', 'signers', 'levels', 'signing_times', 'errors'];
  const rows = files.map((item) => [
    item.signaturePath,
    item.contentPath ?? '',
    item.indication ?? 'ERROR',
    item.signers.map((signer) => signer.subject).join('; '),
    item.signers.map((signer) => signer.level ?? '').join('; '),
    item.signers.map((signer) => signer.signingTime ?? '').join('; '),
    item.error ? `${item.error.code}: ${item.error.message}` : item.errors.join(' '),
  ]);
  return `${[header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

function quote(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
