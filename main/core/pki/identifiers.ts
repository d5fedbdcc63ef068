import type { DnAttribute, Rdn } from './dn';
import {
  OID_DRFO,
  OID_EDRPOU,
  OID_INN,
  OID_INNLE,
  OID_OGRN,
  OID_OGRNIP,
  OID_ORGANIZATION_IDENTIFIER,
  OID_SERIAL_NUMBER,
  OID_SNILS,
} from './oids';

/** Ukrainian (EDRPOU, RNOKPP — formerly DRFO) and Russian (INN, INNLE, OGRN, OGRNIP, SNILS) identifiers. */
export const IDENTIFIER_NAMES = ['EDRPOU', 'RNOKPP', 'INN', 'INNLE', 'OGRN', 'OGRNIP', 'SNILS'] as const;
export type IdentifierName = (typeof IDENTIFIER_NAMES)[number];
export type Identifiers = Partial<Record<IdentifierName, string>>;

const BY_OID: Record<string, IdentifierName> = {
  [OID_EDRPOU]: 'EDRPOU',
  [OID_DRFO]: 'RNOKPP',
  [OID_INN]: 'INN',
  [OID_INNLE]: 'INNLE',
  [OID_OGRN]: 'OGRN',
  [OID_OGRNIP]: 'OGRNIP',
  [OID_SNILS]: 'SNILS',
};

/** ETSI EN 319 412-1 semantics identifiers: 3-letter type, 2-letter country, '-', the value. */
const SEMANTICS: Record<string, { prefix: string; name: IdentifierName }> = {
  [OID_ORGANIZATION_IDENTIFIER]: { prefix: 'NTRUA-', name: 'EDRPOU' },
  [OID_SERIAL_NUMBER]: { prefix: 'TINUA-', name: 'RNOKPP' },
};

/**
 * The identifiers a certificate carries, from (in order of preference) the legacy subject OIDs, the
 * subjectDirectoryAttributes extension, and the ETSI semantics identifiers (`NTRUA-…`, `TINUA-…`).
 */
export function extractIdentifiers(subject: readonly Rdn[], directoryAttributes: readonly DnAttribute[] = []): Identifiers {
  const found: Identifiers = {};
  const take = (name: IdentifierName, value: string): void => {
    const trimmed = value.trim();
    if (trimmed.length > 0 && !trimmed.startsWith('#') && found[name] === undefined) found[name] = trimmed;
  };
  const subjectAttributes = subject.flat();
  for (const attribute of [...subjectAttributes, ...directoryAttributes]) {
    const name = BY_OID[attribute.type];
    if (name) take(name, attribute.value);
  }
  for (const attribute of subjectAttributes) {
    const semantics = SEMANTICS[attribute.type];
    if (semantics && attribute.value.toUpperCase().startsWith(semantics.prefix)) take(semantics.name, attribute.value.slice(semantics.prefix.length));
    // Ukrainian CAs' own certificates before ETSI semantics: serialNumber `UA-<EDRPOU>-<year>`.
    const legacyCa = attribute.type === OID_SERIAL_NUMBER ? /^UA-(\d{8})(?:-\d{4})?$/.exec(attribute.value.trim()) : null;
    if (legacyCa) take('EDRPOU', legacyCa[1]!);
  }
  return found;
}
