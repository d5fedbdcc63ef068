import { nameAttributes, parseDn, type Rdn } from './dn';
import { OID_COMMON_NAME, OID_GIVEN_NAME, OID_ORGANIZATION, OID_SURNAME, OID_TITLE } from './oids';

/** Who a subject names, for people to read: the person (CN, else given name + surname), the organisation, the position. */
export interface SubjectNames {
  owner: string | null;
  organisation: string | null;
  title: string | null;
}

export function subjectNames(rdns: readonly Rdn[]): SubjectNames {
  const attributes = nameAttributes(rdns);
  const first = (oid: string): string | null => attributes.find((attribute) => attribute.type === oid)?.value ?? null;
  const given = first(OID_GIVEN_NAME);
  const surname = first(OID_SURNAME);
  return {
    owner: first(OID_COMMON_NAME) ?? ([given, surname].filter(Boolean).join(' ') || null),
    organisation: first(OID_ORGANIZATION),
    title: first(OID_TITLE),
  };
}

/** The same from an RFC 4514 subject as stored in the history; nothing for text that is not a DN. */
export function subjectNamesOfText(subject: string): SubjectNames {
  try {
    return subjectNames(parseDn(subject));
  } catch {
    return { owner: null, organisation: null, title: null };
  }
}
