/**
 * CAdES signatures.
 * - Signing: `createSignature({ digest, hash, key, certificate?, chain?, content?, signingTime?, timestampUrl? })`
 *   → DER ContentInfo (per-certificate work cached: call it per file in a batch); `hashFile(path, hash)` streams;
 *   `signFile({ path, key, attached?, outPath?, … })` writes `<file>.p7s` atomically, streaming attached content;
 *   `new SignatureStamp(key, hash).sign(digest)` makes a batch's detached signatures from DER built once.
 * - Co-signing: `coSignFile(signaturePath, { key, contentPath? })` (other signers kept byte-identical).
 * - Verifying: `verifySignatureFile({ signaturePath, contentPath?, trustAnchors, intermediates?, at?, revocation })`
 *   → VerifyReport (ETSI indications per signer); `verifyReportJson(report)` is the `verify --json` shape.
 */
export { createSignature, createSignatureParts, signBytes, type CreateSignatureOptions } from './create-signature';
export { SignatureStamp } from './signature-stamp';
export { hashFile, readChunks, HASH_CHUNK_SIZE } from './hash-file';
export { signFile, type SignFileOptions } from './sign-file';
export { requestTimestamp, type TimestampFetch, type TimestampOptions } from './timestamp';
export { parseHashName, HASH_OIDS } from './algorithms';
export { parseSignedData, signatureDer, type ParsedSignedData, type ParsedSignerInfo, type SignerIdentifier } from './parse-signed-data';
export { verifyCms, verifySignatureFile, type VerifyCmsOptions } from './verify-cms';
export {
  verifyReportJson,
  overallIndication,
  type VerifyReport,
  type SignerReport,
  type SignerChecks,
  type SignerProblem,
  type VerifyIndication,
  type RevocationCheck,
} from './verify-report';
export { coSign, coSignFile, type CoSignOptions } from './co-sign';
