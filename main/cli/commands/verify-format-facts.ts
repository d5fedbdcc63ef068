import type { SignerReport, VerifyReport } from '../../../preload/contract/domains/verify';

/** The lines a PDF or an ASiC-E container adds to `signdesk verify`'s human output (CAdES adds none). */
export function formatFactsLines(report: VerifyReport): string[] {
  const lines: string[] = [];
  if (report.pdf) {
    const { pdf } = report;
    lines.push(
      `PDF: ${pdf.signatures} signature${pdf.signatures === 1 ? '' : 's'}, ${pdf.documentTimestamps} document timestamp${pdf.documentTimestamps === 1 ? '' : 's'}${pdf.hasDss ? ', long-term validation data (DSS)' : ''}; PAdES level: ${pdf.level ?? 'none (not all signatures are PAdES)'}`,
    );
    report.signers.forEach((signer, index) => lines.push(...pdfSignerLines(signer, index)));
  }
  if (report.container) {
    const { container } = report;
    lines.push(`ASiC-E: ${container.documents.length} document${container.documents.length === 1 ? '' : 's'}: ${container.documents.map((document) => document.name).join(', ')}`);
    if (container.uncoveredDocuments.length > 0) lines.push(`  Not signed by anyone: ${container.uncoveredDocuments.join(', ')}`);
    if (container.missingDocuments.length > 0) lines.push(`  Listed but missing: ${container.missingDocuments.join(', ')}`);
    for (const warning of container.warnings) lines.push(`  Warning: ${warning.message}`);
    report.signers.forEach((signer, index) => {
      if (!signer.asic) return;
      const documents = signer.asic.documents.map((document) => (document.status === 'match' ? document.name : `${document.name} (${document.status})`)).join(', ');
      lines.push(`  Signer ${index + 1} (${signer.asic.signatureEntry}, ${signer.asic.manifestEntry ?? 'no manifest'}): ${documents}`);
    });
  }
  return lines;
}

function pdfSignerLines(signer: SignerReport, index: number): string[] {
  const pdf = signer.pdf;
  if (!pdf) return [];
  const what = pdf.kind === 'timestamp' ? 'document timestamp' : `signature${pdf.level ? ` ${pdf.level}` : ''}${pdf.certifies ? `, certifies (DocMDP P=${pdf.certifies})` : ''}`;
  const lines = [`  Signer ${index + 1}: field ${pdf.fieldName}, ${what}, revision ${pdf.revision ?? '?'}${pdf.page ? `, visible on page ${pdf.page}` : ''}`];
  if (pdf.coversWholeDocument) lines.push('    Covers the whole document');
  else {
    const kinds = [...new Set(pdf.laterChanges.map((change) => `${change.kind}${change.allowed ? '' : ' (not allowed)'}`))].join(', ');
    lines.push(`    The document was changed after this signature (${pdf.laterRevisions} later update${pdf.laterRevisions === 1 ? '' : 's'}), by: ${kinds || 'nothing that changes an object'}`);
  }
  return lines;
}

export { formatFactsJson } from '../../core/formats';
