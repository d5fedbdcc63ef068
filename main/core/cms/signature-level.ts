import type { LegacySignatureLevel, SignatureLevel } from '../../../preload/contract/domains/verify';
import {
  OID_ARCHIVE_TIMESTAMP_V1,
  OID_ARCHIVE_TIMESTAMP_V2,
  OID_ARCHIVE_TIMESTAMP_V3,
  OID_CERT_CRL_TIMESTAMP,
  OID_CERTIFICATE_REFS,
  OID_CERTIFICATE_VALUES,
  OID_ESC_TIMESTAMP,
  OID_REVOCATION_REFS,
  OID_REVOCATION_VALUES,
  OID_SIGNATURE_POLICY,
  OID_SIGNATURE_TIMESTAMP_TOKEN,
  OID_SIGNING_CERTIFICATE,
  OID_SIGNING_CERTIFICATE_V2,
} from './oids';
import type { ParsedSignedData, ParsedSignerInfo } from './parse-signed-data';

/**
 * The CAdES level of one signer from the attributes it carries (ETSI EN 319 122-1 baseline; TS 101 733 forms):
 * B-B with a signing-certificate attribute, B-T with a signature time-stamp, B-LT when validation data is carried
 * (certificate-/revocation-values or SignedData revocation data), B-LTA with an archive time-stamp.
 */
export function signatureLevel(parsed: ParsedSignedData, signer: ParsedSignerInfo): { level: SignatureLevel; legacyLevel: LegacySignatureLevel | null } {
  const signed = new Set((signer.signedAttributes ?? []).map((attribute) => attribute.type));
  const unsigned = new Set(signer.unsignedAttributes.map((attribute) => attribute.type));
  if (!signed.has(OID_SIGNING_CERTIFICATE) && !signed.has(OID_SIGNING_CERTIFICATE_V2)) return { level: 'CMS', legacyLevel: null };
  const timestamped = unsigned.has(OID_SIGNATURE_TIMESTAMP_TOKEN);
  const values = unsigned.has(OID_CERTIFICATE_VALUES) || unsigned.has(OID_REVOCATION_VALUES);
  const revocationInSignedData = parsed.crls.length > 0;
  const references = unsigned.has(OID_CERTIFICATE_REFS) && unsigned.has(OID_REVOCATION_REFS);
  const xTimestamp = unsigned.has(OID_ESC_TIMESTAMP) || unsigned.has(OID_CERT_CRL_TIMESTAMP);
  const archived = unsigned.has(OID_ARCHIVE_TIMESTAMP_V3) || unsigned.has(OID_ARCHIVE_TIMESTAMP_V2) || unsigned.has(OID_ARCHIVE_TIMESTAMP_V1);

  let level: SignatureLevel = 'B-B';
  if (timestamped) level = 'B-T';
  if (timestamped && (values || revocationInSignedData)) level = 'B-LT';
  if (level === 'B-LT' && archived) level = 'B-LTA';

  let legacyLevel: LegacySignatureLevel = signed.has(OID_SIGNATURE_POLICY) ? 'EPES' : 'BES';
  if (timestamped) legacyLevel = 'T';
  if (references) legacyLevel = xTimestamp ? 'X' : 'C';
  if (references && values) legacyLevel = 'X-L';
  if (archived) legacyLevel = 'A';
  return { level, legacyLevel };
}
