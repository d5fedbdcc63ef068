import type { VerifyReport } from '../../../preload/contract/domains/verify';

/**
 * What `verify --json` adds for a PDF or a container, beside CLI.md's shape (nothing for CAdES): `format`, and `pdf` (the document's
 * facts and, per signer in order, its PDF facts) or `container` (documents, uncovered, missing, and per signer the
 * manifest's documents with their digest status).
 */
export function formatFactsJson(report: VerifyReport): Record<string, unknown> {
  // A CAdES report keeps CLI.md's shape exactly.
  if (!report.pdf && !report.container) return {};
  return {
    format: report.format,
    ...(report.pdf ? { pdf: { ...report.pdf, perSigner: report.signers.map((signer) => signer.pdf ?? null) } } : {}),
    ...(report.container ? { container: { ...report.container, perSigner: report.signers.map((signer) => signer.asic ?? null) } } : {}),
  };
}
