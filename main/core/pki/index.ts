/**
 * Certificates and trust.
 * - Reading: `readCertificatesFile(path)` / `certificatesFromBytes(bytes)` (PEM, DER, .p7b) → DER list;
 *   `parseCertificate(der)` → { certificate (pkijs), info: CertificateInfo, … } (cached; ERR_CERT_MALFORMED);
 *   `describeCertificate(der)` → CertificateInfo: subject/issuer (RFC 4514), serial, validity, usages,
 *   identifiers `{ EDRPOU, RNOKPP, INN, INNLE, OGRN, OGRNIP, SNILS }`, owner, organisation, title.
 * - Names: `dnToName('CN=…,EDRPOU=…')` → pkijs Name; `formatDn(der | rdns | pkijs Name)` → RFC 4514 text.
 * - Validation: `validatePath(leafDer, { trustAnchors, intermediates, at, revocation })` (RFC 5280 §6);
 *   `crlRevocationChecker(crls, { fallback })` is a RevocationChecker over given CRLs;
 *   `loadTrustStore(dataDir)` reads `<dataDir>/trust/`.
 */
export { ensureCryptoEngine } from './crypto-engine';
export {
  parseDn,
  encodeName,
  dnToName,
  nameFromDer,
  decodeName,
  formatDn,
  nameDer,
  nameAttributes,
  escapeDnValue,
  decodeAttributeValue,
  decodeStringValue,
  type DnAttribute,
  type Rdn,
  type NameAttribute,
} from './dn';
export { certificatesFromBytes, certificatesFromBundle, readCertificatesFile } from './certificate-input';
export {
  decodeCertificate,
  parseCertificate,
  describeCertificate,
  describePublicKey,
  keyUsageOf,
  serialHex,
  type CertificateInfo,
  type ParsedCertificate,
  type PublicKeyDescription,
} from './certificate';
export { extractIdentifiers, IDENTIFIER_NAMES, type IdentifierName, type Identifiers } from './identifiers';
export {
  NAME_ATTRIBUTE_TYPES,
  attributeTypeByName,
  attributeTypeByOid,
  KEY_USAGE_NAMES,
  EXTENDED_KEY_USAGE_NAMES,
  OID_EDRPOU,
  OID_DRFO,
  OID_INN,
  OID_INNLE,
  OID_OGRN,
  OID_OGRNIP,
  OID_SNILS,
  type NameAttributeType,
  type KeyUsageName,
} from './oids';
export { validatePath, type PathValidationOptions, type PathValidationResult, type PathProblem, type Indication, type RevocationOutcome } from './path-validation';
export { crlRevocationChecker, type CrlRevocationCheckerOptions } from './crl-revocation-checker';
export { loadTrustStore, trustStoreDir, TrustStore, describeTrusted, fingerprintOf } from './trust-store';
export { nameConstraintViolation, type NameConstraintSet } from './name-constraints';
export { PolicyProcessor, ANY_POLICY } from './policy-processing';
