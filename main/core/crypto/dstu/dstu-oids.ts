/** Object identifiers of Ukrainian cryptography (the 1.2.804.2.1.1.1 arc), as used by CAs and Bouncy Castle. */
export const DSTU_OIDS = {
  /** DSTU 4145 with GOST 34.311, polynomial basis, little-endian encodings (what Ukrainian CAs issue). */
  dstu4145le: '1.2.804.2.1.1.1.1.3.1.1',
  /** DSTU 4145 big-endian encodings, as Bouncy Castle and OpenSSL name it. */
  dstu4145be: '1.2.804.2.1.1.1.1.3.1.1.1.1',
  /** DSTU 4145 with GOST 34.311 (the arc above the polynomial-basis OID); read as big-endian. */
  dstu4145WithGost34311: '1.2.804.2.1.1.1.1.3.1',
  /** Prefix of the named curves M163 … M431 (.0 … .9). */
  namedCurvePrefix: '1.2.804.2.1.1.1.1.3.1.1.2.',
  gost34311: '1.2.804.2.1.1.1.1.2.1',
  kupyna256: '1.2.804.2.1.1.1.1.2.2.1',
  kupyna384: '1.2.804.2.1.1.1.1.2.2.2',
  kupyna512: '1.2.804.2.1.1.1.1.2.2.3',
  hmacGost34311: '1.2.804.2.1.1.1.1.1.2',
  gost28147: '1.2.804.2.1.1.1.1.1.1',
  gost28147Ofb: '1.2.804.2.1.1.1.1.1.1.2',
  gost28147Cfb: '1.2.804.2.1.1.1.1.1.1.3',
} as const;

/** How a DSTU 4145 algorithm OID encodes keys, parameters and signatures. */
export type DstuByteOrder = 'le' | 'be';

/** The byte order an algorithm OID implies, or undefined if the OID is not DSTU 4145. */
export function dstuByteOrder(oid: string): DstuByteOrder | undefined {
  if (oid === DSTU_OIDS.dstu4145le) return 'le';
  if (oid === DSTU_OIDS.dstu4145be || oid === DSTU_OIDS.dstu4145WithGost34311) return 'be';
  return undefined;
}

export function isDstu4145Oid(oid: string): boolean {
  return dstuByteOrder(oid) !== undefined;
}
