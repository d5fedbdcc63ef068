export { createSignature, createSignatureParts, signBytes, type CreateSignatureOptions } from './create-signature';
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
