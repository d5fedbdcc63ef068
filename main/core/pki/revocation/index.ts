export { RevocationService, type RevocationServiceOptions, type HttpFetch } from './revocation-service';
export { RevocationCache, MAX_AGE_WITHOUT_NEXT_UPDATE_MS } from './revocation-cache';
export {
  REVOCATION_REASONS,
  reasonName,
  reasonCode,
  type RevocationReason,
  type RevocationStatus,
  type RevocationSource,
  type RevocationResult,
  type CheckRevocationOptions,
  type RevocationChecker,
} from './revocation-types';
export { findIssuer, isIssuerOf } from './find-issuer';
export { checkOcspResponse, type OcspAnswer } from './ocsp-response';
export { buildCertId, buildOcspRequest, type CertIdHash } from './ocsp-request';
export { decodeCrl, checkCrlAuthenticity, statusFromCrls } from './crl-check';
export { ocspUrls, crlUrls, caIssuersUrls, freshestCrlUrls } from './certificate-extensions';
export { revocationSourceFor, revocationOverrides, withRevocationSources, type RevocationSourceRule } from './revocation-sources';
