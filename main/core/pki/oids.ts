/** Name attributes we know by name: the RFC 4514 short names first, then X.520 and the UA/RU identifiers. */
export interface NameAttributeType {
  oid: string;
  /** The name used when formatting (RFC 4514 short name where one exists). */
  name: string;
  /** Further names accepted when parsing (case-insensitive). */
  aliases: readonly string[];
  /** ASN.1 string type used when encoding a value given as text. */
  encoding: 'utf8' | 'printable' | 'ia5' | 'numeric';
}

const T = (oid: string, name: string, aliases: string[], encoding: NameAttributeType['encoding'] = 'utf8'): NameAttributeType => ({
  oid,
  name,
  aliases,
  encoding,
});

export const OID_EDRPOU = '1.2.804.2.1.1.1.11.1.4.2.1';
export const OID_DRFO = '1.2.804.2.1.1.1.11.1.4.1.1';
export const OID_INN = '1.2.643.3.131.1.1';
export const OID_INNLE = '1.2.643.100.4';
export const OID_OGRN = '1.2.643.100.1';
export const OID_OGRNIP = '1.2.643.100.5';
export const OID_SNILS = '1.2.643.100.3';
export const OID_ORGANIZATION_IDENTIFIER = '2.5.4.97';
export const OID_SERIAL_NUMBER = '2.5.4.5';
export const OID_COMMON_NAME = '2.5.4.3';
export const OID_SURNAME = '2.5.4.4';
export const OID_GIVEN_NAME = '2.5.4.42';
export const OID_ORGANIZATION = '2.5.4.10';
export const OID_TITLE = '2.5.4.12';

export const NAME_ATTRIBUTE_TYPES: readonly NameAttributeType[] = [
  T('2.5.4.3', 'CN', ['commonName']),
  T('2.5.4.7', 'L', ['localityName']),
  T('2.5.4.8', 'ST', ['stateOrProvinceName', 'S']),
  T('2.5.4.10', 'O', ['organizationName']),
  T('2.5.4.11', 'OU', ['organizationalUnitName']),
  T('2.5.4.6', 'C', ['countryName'], 'printable'),
  T('2.5.4.9', 'STREET', ['streetAddress']),
  T('0.9.2342.19200300.100.1.25', 'DC', ['domainComponent'], 'ia5'),
  T('0.9.2342.19200300.100.1.1', 'UID', ['userId']),
  T('2.5.4.4', 'SN', ['surname']),
  T('2.5.4.42', 'GN', ['givenName', 'G']),
  T('2.5.4.5', 'serialNumber', [], 'printable'),
  T('2.5.4.12', 'title', ['T']),
  T('2.5.4.43', 'initials', []),
  T('2.5.4.44', 'generationQualifier', []),
  T('2.5.4.46', 'dnQualifier', [], 'printable'),
  T('2.5.4.65', 'pseudonym', []),
  T('2.5.4.17', 'postalCode', []),
  T('2.5.4.97', 'organizationIdentifier', []),
  T('1.2.840.113549.1.9.1', 'emailAddress', ['E', 'email'], 'ia5'),
  T(OID_EDRPOU, 'EDRPOU', []),
  T(OID_DRFO, 'DRFO', ['RNOKPP']),
  T(OID_INN, 'INN', [], 'numeric'),
  T(OID_INNLE, 'INNLE', [], 'numeric'),
  T(OID_OGRN, 'OGRN', [], 'numeric'),
  T(OID_OGRNIP, 'OGRNIP', [], 'numeric'),
  T(OID_SNILS, 'SNILS', [], 'numeric'),
];

const byOid = new Map(NAME_ATTRIBUTE_TYPES.map((type) => [type.oid, type]));
const byName = new Map<string, NameAttributeType>();
for (const type of NAME_ATTRIBUTE_TYPES) for (const name of [type.name, ...type.aliases]) byName.set(name.toLowerCase(), type);

export function attributeTypeByOid(oid: string): NameAttributeType | undefined {
  return byOid.get(oid);
}

export function attributeTypeByName(name: string): NameAttributeType | undefined {
  return byName.get(name.toLowerCase());
}

export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

export const EXTENDED_KEY_USAGE_NAMES: Record<string, string> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.4.1.311.10.3.12': 'documentSigning',
  '1.2.840.113583.1.1.5': 'pdfAuthenticDocuments',
};

export const OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES = '2.5.29.9';
export const OID_EXT_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';
export const OID_EXT_KEY_USAGE = '2.5.29.15';
export const OID_EXT_SUBJECT_ALT_NAME = '2.5.29.17';
export const OID_EXT_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_EXT_NAME_CONSTRAINTS = '2.5.29.30';
export const OID_EXT_CRL_DISTRIBUTION_POINTS = '2.5.29.31';
export const OID_EXT_CERTIFICATE_POLICIES = '2.5.29.32';
export const OID_EXT_POLICY_MAPPINGS = '2.5.29.33';
export const OID_EXT_AUTHORITY_KEY_IDENTIFIER = '2.5.29.35';
export const OID_EXT_POLICY_CONSTRAINTS = '2.5.29.36';
export const OID_EXT_EXTENDED_KEY_USAGE = '2.5.29.37';
export const OID_EXT_INHIBIT_ANY_POLICY = '2.5.29.54';
export const OID_EXT_AUTHORITY_INFO_ACCESS = '1.3.6.1.5.5.7.1.1';

export const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.2.804.2.1.1.1.1.3.1.1': 'DSTU 4145 with GOST 34.311 (LE)',
  '1.2.804.2.1.1.1.1.3.1.1.1.1': 'DSTU 4145 with GOST 34.311 (BE)',
  '1.2.804.2.1.1.1.1.3.1': 'DSTU 4145 with GOST 34.311',
  '1.2.643.7.1.1.3.2': 'GOST R 34.10-2012 (256)',
  '1.2.643.7.1.1.3.3': 'GOST R 34.10-2012 (512)',
};

export const PUBLIC_KEY_ALGORITHM_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.804.2.1.1.1.1.3.1.1': 'DSTU 4145',
  '1.2.804.2.1.1.1.1.3.1.1.1.1': 'DSTU 4145',
  '1.2.643.7.1.1.1.1': 'GOST R 34.10-2012 (256)',
  '1.2.643.7.1.1.1.2': 'GOST R 34.10-2012 (512)',
};
