import type { HistoryEntry } from '../../../preload/contract/domains/history';

const HEADER = ['id', 'signed_at', 'document', 'sha256', 'size', 'signature_file', 'attached', 'signer', 'identifiers', 'key', 'batch'];

/** RFC 4180 CSV, one line per signer (a co-signed document has several lines with the same id). */
export function historyCsv(entries: readonly HistoryEntry[]): string {
  const lines = [HEADER.join(',')];
  for (const entry of entries) {
    for (const signer of entry.signers) {
      const identifiers = Object.entries(signer.identifiers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('; ');
      lines.push(
        [entry.id, signer.signedAt, entry.documentPath, entry.documentSha256, entry.documentSize, entry.outputPath, entry.attached, signer.subject, identifiers, signer.keyRef, entry.batchId ?? '']
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number | boolean): string {
  const text = String(value);
  // A leading = + - @ would be run as a formula by spreadsheet programs: prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
