export { createVerifyHandlers, type VerifyHandlerDeps } from './verify-handlers';
export { createCosignHandler, type CosignHandlerDeps } from './cosign-handler';
export { pairSignatureFiles, isSignatureName, SIGNATURE_EXTENSIONS, type SignatureItem } from './signature-pairs';
export { createBulkVerifier, type BulkConfig, type BulkItemResult } from './bulk-job';
export { verifyMany, summarize, type BulkSummary, type BulkVerifyOptions } from './bulk-verify';
export { bulkCsv } from './bulk-csv';
export { formatFactsJson } from '../formats';
export { createTrustHandlers, orderChain } from './trust-handlers';
export { loadVerificationTrust, profileAnchors, type VerificationTrust, type VerificationTrustInputs } from './verification-trust';
