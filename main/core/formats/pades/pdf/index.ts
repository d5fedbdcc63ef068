/**
 * The PDF engine of the PAdES format: reads PDFs with positioned reads (classic tables, cross-reference streams,
 * object streams, hybrids, incremental updates), appends a signature as an incremental update, hashes its byte
 * ranges by streaming, embeds the CMS, and reads signatures back for verification. No CMS code lives here.
 */
export { preparePdfSignature, DEFAULT_CONTENTS_SIZE } from './prepare-pdf-signature';
export type { PreparePdfSignatureOptions, PreparedPdfSignature, VisibleSignatureOptions } from './prepare-pdf-signature';
export type { SignaturePosition } from './signature-rect';
export { hashByteRanges } from './hash-byte-ranges';
export { embedSignature } from './embed-signature';
export { PdfReader, PdfObjectView } from './pdf-reader';
export type { PdfReaderOptions } from './pdf-reader';
export { DEFAULT_PDF_LIMITS } from './limits';
export type { PdfLimits } from './limits';
export type { DocMdpLevel } from './doc-mdp';
export { formatPdfDate, parsePdfDate } from './pdf-date';
export { readPdfSignatures } from './read-pdf-signatures';
export type { PdfSignatureInfo } from './read-pdf-signatures';
export { analyseLaterChanges, isChangeAllowed } from './analyse-later-changes';
export type { LaterChange, LaterChangeKind, LaterChangesReport } from './analyse-later-changes';
