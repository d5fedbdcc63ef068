import { hashSpec, type HashName } from '../crypto';
import { algorithmIdentifier } from '../crypto/der';

export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_COUNTER_SIGNATURE = '1.2.840.113549.1.9.6';
export const OID_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const OID_SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
export const OID_CMS_ALGORITHM_PROTECTION = '1.2.840.113549.1.9.52';
// CAdES (ETSI TS 101 733, EN 319 122-1)
export const OID_SIGNATURE_POLICY = '1.2.840.113549.1.9.16.2.15';
export const OID_COMMITMENT_TYPE = '1.2.840.113549.1.9.16.2.16';
export const OID_SIGNER_LOCATION = '1.2.840.113549.1.9.16.2.17';
export const OID_SIGNER_ATTRIBUTES = '1.2.840.113549.1.9.16.2.18';
export const OID_CONTENT_TIMESTAMP = '1.2.840.113549.1.9.16.2.20';
export const OID_CERTIFICATE_REFS = '1.2.840.113549.1.9.16.2.21';
export const OID_REVOCATION_REFS = '1.2.840.113549.1.9.16.2.22';
export const OID_CERTIFICATE_VALUES = '1.2.840.113549.1.9.16.2.23';
export const OID_REVOCATION_VALUES = '1.2.840.113549.1.9.16.2.24';
export const OID_ESC_TIMESTAMP = '1.2.840.113549.1.9.16.2.25';
export const OID_CERT_CRL_TIMESTAMP = '1.2.840.113549.1.9.16.2.26';
export const OID_ARCHIVE_TIMESTAMP_V1 = '1.2.840.113549.1.9.16.2.27';
export const OID_ARCHIVE_TIMESTAMP_V2 = '1.2.840.113549.1.9.16.2.48';
export const OID_ARCHIVE_TIMESTAMP_V3 = '0.4.0.1733.2.4';
export const OID_ATS_HASH_INDEX = '0.4.0.1733.2.5';
export const OID_SIGNER_ATTRIBUTES_V2 = '0.4.0.19122.1.1';
export const OID_ATS_HASH_INDEX_V3 = '0.4.0.19122.1.5';
/** RFC 5940: an OCSP response carried as an other RevocationInfoChoice. */
export const OID_RI_OCSP_RESPONSE = '1.3.6.1.5.5.7.16.2';

/** Attributes that only CAdES signatures carry: a signer with any of them must name its certificate (EN 319 122-1 §5.2.2). */
export const CADES_ATTRIBUTES: ReadonlySet<string> = new Set([
  OID_SIGNATURE_POLICY,
  OID_COMMITMENT_TYPE,
  OID_SIGNER_LOCATION,
  OID_SIGNER_ATTRIBUTES,
  OID_SIGNER_ATTRIBUTES_V2,
  OID_CONTENT_TIMESTAMP,
  OID_SIGNATURE_TIMESTAMP_TOKEN,
  OID_CERTIFICATE_REFS,
  OID_REVOCATION_REFS,
  OID_CERTIFICATE_VALUES,
  OID_REVOCATION_VALUES,
  OID_ESC_TIMESTAMP,
  OID_CERT_CRL_TIMESTAMP,
  OID_ARCHIVE_TIMESTAMP_V2,
  OID_ARCHIVE_TIMESTAMP_V3,
]);

/** A digestAlgorithm identifier; SHA-2 and SHA-3 parameters absent (RFC 5754 §2, RFC 8702). */
export function digestAlgorithmIdentifier(hash: HashName): Uint8Array {
  return algorithmIdentifier(hashSpec(hash).oid);
}
