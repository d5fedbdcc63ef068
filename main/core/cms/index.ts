/**
 * CAdES signatures.
 * - Signing: `createSignature({ digest, hash, key, certificate?, chain?, content?, signingTime?, timestampUrl? })`
 *   → DER ContentInfo (per-certificate work cached: call it per file in a batch); `hashFile(path, hash)` streams;
 *   `signFile({ path, key, attached?, outPath?, … })` writes `<file>.p7s` atomically, streaming attached content;
 *   `new SignatureStamp(key, hash).sign(digest)` makes a batch's detached signatures from DER built once.
 * - Extending: `extendSignatureFile(path, { level: 'T' | 'LT' | 'LTA', tsaUrl, trustAnchors, revocation, contentPath? })`
 *   adds signature time-stamps, the chains' certificates and OCSP/CRL data, and archive-time-stamps v3, in place.
 * - Co-signing: `coSignFile(signaturePath, { key, contentPath? })` (other signers kept byte-identical).
 * - Verifying: `verifyCades({ signature | parsed, contentPath? | content?, trustAnchors, intermediates?, at?, revocation? })`
 *   → VerifyReport: every signer and counter-signer (nested), level (B-B…B-LTA, legacy BES…A), time-stamps (signature,
 *   archive v2/v3), strict CMS/CAdES rules as coded errors, path validation and revocation as of the best signature
 *   time from the signature's own validation data first. `verifySignatureFile({ signaturePath, … })` reads a file
 *   (large attached content streamed from disk by the same parser); `verifyReportJson(report)` is `verify --json`.
 *   PAdES and ASiC-E reuse `verifyCades` for their embedded CMS (pass `content` or `contentPath`).
 */
export { createSignature, createSignatureParts, signBytes, type CreateSignatureOptions } from './create-signature';
export { SignatureStamp } from './signature-stamp';
export { hashFile, readChunks, HASH_CHUNK_SIZE } from './hash-file';
export { signFile, type SignFileOptions } from './sign-file';
export { requestTimestamp, type TimestampFetch, type TimestampOptions } from './timestamp';
export { digestAlgorithmIdentifier } from './oids';
export {
  parseSignedData,
  parseSignedDataFile,
  signatureDer,
  IN_MEMORY_LIMIT,
  type ParsedSignedData,
  type ParsedSignerInfo,
  type SignerIdentifier,
  type ParseWarning,
} from './parse-signed-data';
export { verifyCades, verifyCms, verifySignatureFile, type VerifyCmsOptions } from './verify-cms';
export {
  verifyReportJson,
  overallIndication,
  allSigners,
  type SignerJson,
  type ReportProblem,
  type SignatureLevel,
  type TimestampReport,
  type VerifyReport,
  type SignerReport,
  type SignerChecks,
  type SignerProblem,
  type VerifyIndication,
  type RevocationCheck,
} from './verify-report';
export { coSign, coSignFile, type CoSignOptions } from './co-sign';
export { extendSignature, extendSignatureFile, type ExtendLevel, type ExtendOptions, type ExtendResult } from './extend-signature';
