/**
 * Signature formats behind one seam: `formatById(id)` / `detectFormat(file)` give a SignatureFormat (output naming, a
 * batch signer with its hash plan, the check of the written output, the verifier). See signature-format.ts; a new
 * format is a folder here plus a registration in registry.ts and worker-ops.ts (CONTRIBUTING.md).
 */
export { formatById, availableFormats, detectFormat, isSignatureOutputName } from './registry';
export type { SignatureFormat, FormatBatch, FormatPlan, ResolvedBatchOptions, PreparedItem, BatchItemFiles, FormatVerifyRequest, FormatCosignOptions, FormatCosignResult, SignatureFormatId } from './signature-format';
export { extractAsicDocuments } from './asice';
export { describeSignedFile } from './describe-signed-file';
export { signerOfKey, type SignerOfKey } from './signer-facts';
export { formatFactsJson } from './format-facts-json';
export { signatureCertificates } from './signature-certificates';
export { parseVisibleSpec, VISIBLE_SPEC_SYNTAX } from './pades';
