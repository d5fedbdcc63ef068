/**
 * The subject identifiers main extracts from certificates (`CertificateInfo.identifiers`), grouped by whom they
 * name: the organisation (EDRPOU; Russian INN of a legal entity, OGRN) or the person (RNOKPP; Russian INN, OGRNIP,
 * SNILS). Every screen that shows a signer or a key owner lists them through this one model.
 */
export const ORGANISATION_IDENTIFIERS = ['EDRPOU', 'INNLE', 'OGRN'] as const;
export const PERSON_IDENTIFIERS = ['RNOKPP', 'INN', 'OGRNIP', 'SNILS'] as const;

export type IdentifierScope = 'organisation' | 'person';

export interface ShownIdentifier {
  /** Name as main gives it (`EDRPOU`); the label comes from the `identity` translations. */
  name: string;
  value: string;
}

/** The identifiers of one scope in a stable order; an identifier of an unknown name goes with the person. */
export function identifiersOf(identifiers: Readonly<Record<string, string>>, scope: IdentifierScope): ShownIdentifier[] {
  const order: readonly string[] = scope === 'organisation' ? ORGANISATION_IDENTIFIERS : PERSON_IDENTIFIERS;
  const known: readonly string[] = [...ORGANISATION_IDENTIFIERS, ...PERSON_IDENTIFIERS];
  const names = Object.keys(identifiers).filter((name) => identifiers[name] && (order.includes(name) || (scope === 'person' && !known.includes(name))));
  names.sort((a, b) => rank(order, a) - rank(order, b));
  return names.map((name) => ({ name, value: identifiers[name]! }));
}

function rank(order: readonly string[], name: string): number {
  const index = order.indexOf(name);
  return index < 0 ? order.length : index;
}
