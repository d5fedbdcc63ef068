import { SigndeskError } from '../../../preload/contract/errors';
import { NULL, algorithmIdentifier, childNodes, contentsOf, contextConstructed, expectTag, octetString, oidText, readNode, sequence, smallInteger, type DerNode } from './der';
import { DSTU_OIDS } from './dstu/dstu-oids';
import { hashByOid, hashSpec, type HashName, type SigningHashName } from './hashes';
import type { KeyAlgorithm } from './key-algorithms';

export type SignatureScheme = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss' | 'ed25519' | 'ed448' | 'dstu4145';

/** A signature algorithm with everything needed to make or check a signature. */
export type SignatureAlgorithm =
  | { scheme: 'ecdsa'; hash: HashName }
  | { scheme: 'rsa-pkcs1'; hash: HashName }
  | { scheme: 'rsa-pss'; hash: HashName; mgf1Hash: HashName; saltLength: number }
  | { scheme: 'ed25519' }
  | { scheme: 'ed448' }
  /** DSTU 4145: the value little-endian r ‖ s (what Ukrainian CAs write, 1.2.804.2.1.1.1.1.3.1.1) or big-endian s ‖ r. */
  | { scheme: 'dstu4145'; hash: HashName; encoding: 'le' | 'be' };

/** Which key kind each scheme needs: a signature labelled for one kind never verifies with another. */
export const SCHEME_KEY_KIND: Readonly<Record<SignatureScheme, KeyAlgorithm['kind']>> = {
  ecdsa: 'EC',
  'rsa-pkcs1': 'RSA',
  'rsa-pss': 'RSA',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  dstu4145: 'DSTU4145',
};

interface OidEntry {
  scheme: SignatureScheme;
  /** The hash the OID names; absent: the hash comes from elsewhere (the CMS digestAlgorithm). */
  hash?: HashName;
  /** DSTU 4145's byte order. */
  encoding?: 'le' | 'be';
}

const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
const OID_MGF1 = '1.2.840.113549.1.1.8';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Every signature algorithm OID we read, X.509 and CMS forms alike. */
const SIGNATURE_OIDS: Readonly<Record<string, OidEntry>> = {
  [OID_RSA_ENCRYPTION]: { scheme: 'rsa-pkcs1' },
  '1.2.840.113549.1.1.4': { scheme: 'rsa-pkcs1', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { scheme: 'rsa-pkcs1', hash: 'SHA-1' },
  '1.2.840.113549.1.1.14': { scheme: 'rsa-pkcs1', hash: 'SHA-224' },
  '1.2.840.113549.1.1.11': { scheme: 'rsa-pkcs1', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { scheme: 'rsa-pkcs1', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { scheme: 'rsa-pkcs1', hash: 'SHA-512' },
  '2.16.840.1.101.3.4.3.13': { scheme: 'rsa-pkcs1', hash: 'SHA3-224' },
  '2.16.840.1.101.3.4.3.14': { scheme: 'rsa-pkcs1', hash: 'SHA3-256' },
  '2.16.840.1.101.3.4.3.15': { scheme: 'rsa-pkcs1', hash: 'SHA3-384' },
  '2.16.840.1.101.3.4.3.16': { scheme: 'rsa-pkcs1', hash: 'SHA3-512' },
  [OID_RSASSA_PSS]: { scheme: 'rsa-pss' },
  [OID_EC_PUBLIC_KEY]: { scheme: 'ecdsa' },
  '1.2.840.10045.4.1': { scheme: 'ecdsa', hash: 'SHA-1' },
  '1.2.840.10045.4.3.1': { scheme: 'ecdsa', hash: 'SHA-224' },
  '1.2.840.10045.4.3.2': { scheme: 'ecdsa', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { scheme: 'ecdsa', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { scheme: 'ecdsa', hash: 'SHA-512' },
  '2.16.840.1.101.3.4.3.9': { scheme: 'ecdsa', hash: 'SHA3-224' },
  '2.16.840.1.101.3.4.3.10': { scheme: 'ecdsa', hash: 'SHA3-256' },
  '2.16.840.1.101.3.4.3.11': { scheme: 'ecdsa', hash: 'SHA3-384' },
  '2.16.840.1.101.3.4.3.12': { scheme: 'ecdsa', hash: 'SHA3-512' },
  '1.3.101.112': { scheme: 'ed25519' },
  '1.3.101.113': { scheme: 'ed448' },
  // DSTU 4145 (crypto/dstu); GOST 34.311 unless the CMS digestAlgorithm says Kupyna.
  [DSTU_OIDS.dstu4145le]: { scheme: 'dstu4145', encoding: 'le' },
  [DSTU_OIDS.dstu4145be]: { scheme: 'dstu4145', encoding: 'be' },
  [DSTU_OIDS.dstu4145WithGost34311]: { scheme: 'dstu4145', encoding: 'be' },
};

/** The OID that names `scheme` with `hash` for X.509, CSRs and CMS (ECDSA, RSA PKCS#1 v1.5). */
const NAMED_OID = new Map<string, string>(
  Object.entries(SIGNATURE_OIDS)
    .filter(([, entry]) => entry.hash !== undefined)
    .map(([oid, entry]) => [`${entry.scheme}/${entry.hash}`, oid]),
);

/** Human names for reports: `ECDSA with SHA-256`, `RSASSA-PSS with SHA3-256`. */
export function describeSignatureAlgorithm(algorithm: SignatureAlgorithm): string {
  switch (algorithm.scheme) {
    case 'ecdsa':
      return `ECDSA with ${algorithm.hash}`;
    case 'rsa-pkcs1':
      return `RSA PKCS#1 v1.5 with ${algorithm.hash}`;
    case 'rsa-pss':
      return `RSASSA-PSS with ${algorithm.hash}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    case 'dstu4145':
      return `DSTU 4145 with ${algorithm.hash === 'GOST34311' ? 'GOST 34.311' : algorithm.hash}`;
  }
}

/** The algorithm a new signature by this key uses: ECDSA, RSA PKCS#1 v1.5 or PSS (salt = hash length), EdDSA. */
export function signatureAlgorithmFor(key: KeyAlgorithm, hash: SigningHashName, padding: 'pkcs1' | 'pss' = 'pkcs1'): SignatureAlgorithm {
  switch (key.kind) {
    case 'EC':
      return { scheme: 'ecdsa', hash };
    case 'RSA':
      return padding === 'pss' ? { scheme: 'rsa-pss', hash, mgf1Hash: hash, saltLength: hashSpec(hash).length } : { scheme: 'rsa-pkcs1', hash };
    case 'Ed25519':
      return { scheme: 'ed25519' };
    case 'Ed448':
      return { scheme: 'ed448' };
    case 'DSTU4145':
      return { scheme: 'dstu4145', hash: hash.startsWith('SHA') ? 'GOST34311' : hash, encoding: 'le' };
  }
}

/**
 * The AlgorithmIdentifier (DER) naming `algorithm`. `cms`: a CMS SignerInfo names RSA PKCS#1 v1.5 as rsaEncryption
 * (its hash is the digestAlgorithm's, RFC 3370 §3.2); X.509 and CSRs name it with its hash.
 */
export function encodeSignatureAlgorithm(algorithm: SignatureAlgorithm, form: 'x509' | 'cms' = 'x509'): Uint8Array {
  switch (algorithm.scheme) {
    case 'ecdsa':
      return algorithmIdentifier(namedOid(algorithm.scheme, algorithm.hash));
    case 'rsa-pkcs1':
      return algorithmIdentifier(form === 'cms' ? OID_RSA_ENCRYPTION : namedOid(algorithm.scheme, algorithm.hash), NULL);
    case 'rsa-pss': {
      const hashId = algorithmIdentifier(hashSpec(algorithm.hash).oid, NULL);
      const mgfHashId = algorithmIdentifier(hashSpec(algorithm.mgf1Hash).oid, NULL);
      return algorithmIdentifier(
        OID_RSASSA_PSS,
        sequence(contextConstructed(0, hashId), contextConstructed(1, algorithmIdentifier(OID_MGF1, mgfHashId)), contextConstructed(2, smallInteger(algorithm.saltLength))),
      );
    }
    case 'ed25519':
      return algorithmIdentifier('1.3.101.112');
    case 'ed448':
      return algorithmIdentifier('1.3.101.113');
    case 'dstu4145':
      return algorithmIdentifier(algorithm.encoding === 'le' ? DSTU_OIDS.dstu4145le : DSTU_OIDS.dstu4145be);
  }
}

/**
 * The signature as an X.509 / CSR / CMP BIT STRING carries it. DSTU 4145 wraps its value in an OCTET STRING there
 * (a CMS SignerInfo carries it bare); every other scheme carries the same bytes in both.
 */
export function x509SignatureValue(algorithm: SignatureAlgorithm, signature: Uint8Array): Uint8Array {
  return algorithm.scheme === 'dstu4145' ? octetString(signature) : signature;
}

/** The inverse of `x509SignatureValue` (undefined when a DSTU value is not a single OCTET STRING). */
export function signatureFromX509Value(algorithm: SignatureAlgorithm, value: Uint8Array): Uint8Array | undefined {
  if (algorithm.scheme !== 'dstu4145') return value;
  try {
    const node = readNode(value);
    return node.tag === 0x04 && node.end === value.length ? contentsOf(value, node) : undefined;
  } catch {
    return undefined;
  }
}

function namedOid(scheme: SignatureScheme, hash: HashName): string {
  const found = NAMED_OID.get(`${scheme}/${hash}`);
  if (!found) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `No identifier for ${scheme} with ${hash}`);
  return found;
}

/**
 * Reads a signature AlgorithmIdentifier (its OID and the DER of its parameters). `digestOid` is the CMS
 * SignerInfo's digestAlgorithm: the hash of OIDs that name none (rsaEncryption, id-ecPublicKey), and the one the
 * OID's own hash must equal (RFC 5753 §2.1.1, RFC 5754 §3). ERR_KEY_ALGORITHM_UNSUPPORTED for what we cannot check,
 * ERR_ALGORITHM_MISMATCH for contradicting identifiers, ERR_SIGNATURE_MALFORMED for broken parameters.
 */
export function decodeSignatureAlgorithm(oid: string, parameters: Uint8Array | undefined, digestOid?: string): SignatureAlgorithm {
  const entry = SIGNATURE_OIDS[oid];
  if (!entry) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported signature algorithm ${oid}`);
  const digestHash = digestOid === undefined ? undefined : knownHash(digestOid);
  switch (entry.scheme) {
    case 'rsa-pss': {
      const pss = decodePssParameters(parameters);
      if (digestHash !== undefined && digestHash !== pss.hash) mismatch(`RSASSA-PSS with ${pss.hash} but digestAlgorithm ${digestHash}`);
      return pss;
    }
    case 'ed25519':
      if (parameters !== undefined) malformed('Ed25519 parameters must be absent (RFC 8410)');
      return { scheme: 'ed25519' };
    case 'ed448':
      if (parameters !== undefined) malformed('Ed448 parameters must be absent (RFC 8410)');
      return { scheme: 'ed448' };
    case 'dstu4145':
      if (parameters !== undefined && !isNull(parameters)) malformed('DSTU 4145 signature parameters must be absent');
      return { scheme: 'dstu4145', hash: digestHash ?? 'GOST34311', encoding: entry.encoding ?? 'le' };
    default: {
      // RFC 5758 §3.2 says absent; a NULL is common in the wild and harmless. id-ecPublicKey may carry the curve.
      if (entry.scheme === 'ecdsa' && entry.hash !== undefined && parameters !== undefined && !isNull(parameters)) malformed('ECDSA parameters must be absent (RFC 5758 §3.2)');
      if (entry.scheme === 'rsa-pkcs1' && parameters !== undefined && !isNull(parameters)) malformed('RSA PKCS#1 v1.5 parameters must be NULL');
      const hash = entry.hash ?? digestHash;
      if (hash === undefined) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `The signature algorithm ${oid} names no hash`);
      const named = { scheme: entry.scheme, hash } as SignatureAlgorithm;
      if (entry.hash !== undefined && digestHash !== undefined && entry.hash !== digestHash) mismatch(`${describeSignatureAlgorithm(named)} but digestAlgorithm ${digestHash}`);
      return named;
    }
  }
}

/** The DER AlgorithmIdentifier form of `decodeSignatureAlgorithm`. */
export function decodeSignatureAlgorithmIdentifier(identifier: Uint8Array, digestOid?: string): SignatureAlgorithm {
  const { oid, parameters } = splitAlgorithmIdentifier(identifier);
  return decodeSignatureAlgorithm(oid, parameters, digestOid);
}

/** The OID and the parameters' DER of an AlgorithmIdentifier. */
export function splitAlgorithmIdentifier(identifier: Uint8Array): { oid: string; parameters: Uint8Array | undefined } {
  try {
    const outer = expectTag(readNode(identifier), 0x30, 'AlgorithmIdentifier');
    const [oidNode, parameters, extra] = childNodes(identifier, outer);
    if (extra) malformed('trailing fields in an AlgorithmIdentifier');
    return { oid: oidText(contentsOf(identifier, expectTag(oidNode, 0x06, 'algorithm'))), parameters: parameters ? identifier.subarray(parameters.start, parameters.end) : undefined };
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    return malformed((error as Error).message);
  }
}

function knownHash(oid: string): HashName {
  const spec = hashByOid(oid);
  if (!spec) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported digest algorithm ${oid}`);
  return spec.name;
}

/** RSASSA-PSS-params (RFC 8017 A.2.3) with their defaults: SHA-1, MGF1 with SHA-1, salt 20, trailer 1. */
function decodePssParameters(parameters: Uint8Array | undefined): Extract<SignatureAlgorithm, { scheme: 'rsa-pss' }> {
  let hash: HashName = 'SHA-1';
  let mgf1Hash: HashName = 'SHA-1';
  let saltLength = 20;
  if (parameters === undefined) malformed('RSASSA-PSS without parameters');
  try {
    const outer = expectTag(readNode(parameters), 0x30, 'RSASSA-PSS-params');
    let previous = -1;
    for (const field of childNodes(parameters, outer)) {
      const number = field.tag & 0x1f;
      if ((field.tag & 0xe0) !== 0xa0 || number > 3 || number <= previous) malformed('RSASSA-PSS parameters out of order');
      previous = number;
      const [inner, extra] = childNodes(parameters, field);
      if (!inner || extra) malformed('RSASSA-PSS parameter not a single element');
      if (number === 0) hash = hashOfIdentifier(parameters, inner);
      else if (number === 1) {
        const [mgfOid, mgfParameters] = childNodes(parameters, expectTag(inner, 0x30, 'maskGenAlgorithm'));
        if (oidText(contentsOf(parameters, expectTag(mgfOid, 0x06, 'MGF'))) !== OID_MGF1 || !mgfParameters) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'Only MGF1 is supported');
        mgf1Hash = hashOfIdentifier(parameters, mgfParameters);
      } else if (number === 2) saltLength = integerOf(parameters, inner);
      else if (integerOf(parameters, inner) !== 1) malformed('RSASSA-PSS trailerField must be 1');
    }
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    malformed((error as Error).message);
  }
  return { scheme: 'rsa-pss', hash, mgf1Hash, saltLength };
}

function hashOfIdentifier(bytes: Uint8Array, node: DerNode): HashName {
  const [oidNode, parameters] = childNodes(bytes, expectTag(node, 0x30, 'hash AlgorithmIdentifier'));
  if (parameters && !(parameters.tag === 0x05 && parameters.end === parameters.contentStart)) malformed('hash parameters must be NULL or absent');
  return knownHash(oidText(contentsOf(bytes, expectTag(oidNode, 0x06, 'hash algorithm'))));
}

function integerOf(bytes: Uint8Array, node: DerNode): number {
  const content = contentsOf(bytes, expectTag(node, 0x02, 'INTEGER'));
  if (content.length === 0 || content.length > 4 || content[0]! & 0x80) malformed('an integer out of range');
  return content.reduce((value, byte) => value * 256 + byte, 0);
}

function isNull(parameters: Uint8Array): boolean {
  return parameters.length === 2 && parameters[0] === 0x05 && parameters[1] === 0x00;
}

function malformed(message: string): never {
  throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `Malformed algorithm identifier: ${message}`);
}

function mismatch(message: string): never {
  throw new SigndeskError('ERR_ALGORITHM_MISMATCH', `Contradicting algorithm identifiers: ${message}`);
}
