import crypto from 'node:crypto';
import { SIGNING_HASH_NAMES, type SigningHashId } from '../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../preload/contract/errors';
import { DSTU_OIDS } from './dstu/dstu-oids';
import { Gost34311 } from './dstu/gost34311';
import { Kupyna } from './dstu/kupyna';

/** Every hash Signdesk knows, by one name. */
export type HashName = 'MD5' | 'SHAKE256' | 'SHA-1' | 'SHA-224' | SigningHashId | 'SHA3-224';

/** Hashes a new signature may use; the others are read in received signatures only. */
export const SIGNING_HASHES = SIGNING_HASH_NAMES;
export type SigningHashName = SigningHashId;

/** Parameters some hashes take from the signer's key: GOST 34.311's S-box (the DSTU key's packed DKE). */
export interface HashParameters {
  sbox?: Uint8Array;
}

/** A running hash: feed chunks, then take the digest once. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  digest(): Uint8Array;
}

export interface HashSpec {
  name: HashName;
  oid: string;
  /** Digest length in bytes. */
  length: number;
  /** node:crypto's name, when Node computes it (else `create` is the implementation). */
  nodeName?: string;
  /** The PKCS#11 hash mechanism and its MGF1 generator (RSA-PSS on a token). */
  pkcs11?: { mechanism: number; mgf1: number };
  /** ETSI TS 119 312: no longer fit for signatures made after this date. */
  weakAfter?: string;
  /** The URI naming it in `<ds:DigestMethod Algorithm=…>` (XMLDSig, xmlenc, RFC 6931): ASiC manifests, XAdES. */
  xmlDigestUri?: string;
  /** Other URIs producers have written for the same function (read, never written). */
  xmlDigestUriAliases?: readonly string[];
  create(parameters?: HashParameters): Hasher;
}

function nodeHash(name: HashName, oid: string, length: number, nodeName: string, extra: Partial<HashSpec> = {}): HashSpec {
  return {
    name,
    oid,
    length,
    nodeName,
    ...extra,
    create: () => {
      const hash = crypto.createHash(nodeName);
      return {
        update: (chunk) => void hash.update(chunk),
        digest: () => {
          const value = hash.digest();
          return new Uint8Array(value.buffer, value.byteOffset, value.length);
        },
      };
    },
  };
}

/** The registry of hashes: name, OID, length, who computes it, how a token is told. Add an algorithm here. */
export const HASHES: Readonly<Record<HashName, HashSpec>> = {
  // Read in old signatures only, to tell the user they are weak (ETSI TS 102 176-1 had already withdrawn MD5 by 2005).
  MD5: nodeHash('MD5', '1.2.840.113549.2.5', 16, 'md5', { weakAfter: '2005-01-01' }),
  // RFC 8419 §2.3: the message digest of Ed448 signatures is SHAKE256 with a 512-bit output (id-shake256-len).
  SHAKE256: {
    name: 'SHAKE256',
    oid: '2.16.840.1.101.3.4.2.18',
    length: 64,
    create: () => {
      const hash = crypto.createHash('shake256', { outputLength: 64 });
      return {
        update: (chunk) => void hash.update(chunk),
        digest: () => new Uint8Array(hash.digest()),
      };
    },
  },
  'SHA-1': nodeHash('SHA-1', '1.3.14.3.2.26', 20, 'sha1', { xmlDigestUri: 'http://www.w3.org/2000/09/xmldsig#sha1', pkcs11: { mechanism: 0x220, mgf1: 0x1 }, weakAfter: '2009-01-01' }),
  'SHA-224': nodeHash('SHA-224', '2.16.840.1.101.3.4.2.4', 28, 'sha224', { xmlDigestUri: 'http://www.w3.org/2001/04/xmldsig-more#sha224', pkcs11: { mechanism: 0x255, mgf1: 0x5 } }),
  'SHA-256': nodeHash('SHA-256', '2.16.840.1.101.3.4.2.1', 32, 'sha256', {
    xmlDigestUri: 'http://www.w3.org/2001/04/xmlenc#sha256',
    // xmldsig#sha256 is not a defined URI, but Peppol/difi ASiC producers wrote it for SHA-256.
    xmlDigestUriAliases: ['http://www.w3.org/2000/09/xmldsig#sha256'],
    pkcs11: { mechanism: 0x250, mgf1: 0x2 } }),
  'SHA-384': nodeHash('SHA-384', '2.16.840.1.101.3.4.2.2', 48, 'sha384', { xmlDigestUri: 'http://www.w3.org/2001/04/xmldsig-more#sha384', pkcs11: { mechanism: 0x260, mgf1: 0x3 } }),
  'SHA-512': nodeHash('SHA-512', '2.16.840.1.101.3.4.2.3', 64, 'sha512', { xmlDigestUri: 'http://www.w3.org/2001/04/xmlenc#sha512', pkcs11: { mechanism: 0x270, mgf1: 0x4 } }),
  'SHA3-224': nodeHash('SHA3-224', '2.16.840.1.101.3.4.2.7', 28, 'sha3-224', { xmlDigestUri: 'http://www.w3.org/2007/05/xmldsig-more#sha3-224', pkcs11: { mechanism: 0x2b5, mgf1: 0x6 } }),
  'SHA3-256': nodeHash('SHA3-256', '2.16.840.1.101.3.4.2.8', 32, 'sha3-256', { xmlDigestUri: 'http://www.w3.org/2007/05/xmldsig-more#sha3-256', pkcs11: { mechanism: 0x2b0, mgf1: 0x7 } }),
  'SHA3-384': nodeHash('SHA3-384', '2.16.840.1.101.3.4.2.9', 48, 'sha3-384', { xmlDigestUri: 'http://www.w3.org/2007/05/xmldsig-more#sha3-384', pkcs11: { mechanism: 0x2c0, mgf1: 0x8 } }),
  'SHA3-512': nodeHash('SHA3-512', '2.16.840.1.101.3.4.2.10', 64, 'sha3-512', { xmlDigestUri: 'http://www.w3.org/2007/05/xmldsig-more#sha3-512', pkcs11: { mechanism: 0x2d0, mgf1: 0x9 } }),
  // Ukrainian national hashes (crypto/dstu): GOST 34.311-95 with the DSTU S-box (or the key's DKE), DSTU 7564 Kupyna.
  GOST34311: ownHash('GOST34311', DSTU_OIDS.gost34311, 32, (parameters) => new Gost34311(parameters?.sbox)),
  'KUPYNA-256': ownHash('KUPYNA-256', DSTU_OIDS.kupyna256, 32, () => new Kupyna(256)),
  'KUPYNA-384': ownHash('KUPYNA-384', DSTU_OIDS.kupyna384, 48, () => new Kupyna(384)),
  'KUPYNA-512': ownHash('KUPYNA-512', DSTU_OIDS.kupyna512, 64, () => new Kupyna(512)),
};

/** A hash Node does not have, implemented in this crypto core. */
function ownHash(name: HashName, oid: string, length: number, make: (parameters?: HashParameters) => { update(chunk: Uint8Array): unknown; digest(): Uint8Array }): HashSpec {
  return {
    name,
    oid,
    length,
    create: (parameters) => {
      const hash = make(parameters);
      return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest() };
    },
  };
}

const BY_OID = new Map(Object.values(HASHES).map((spec) => [spec.oid, spec]));

export function hashSpec(name: HashName): HashSpec {
  const spec = HASHES[name];
  if (!spec) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown hash ${String(name)}`);
  return spec;
}

/** The hash an OID names, or undefined for one we do not know. */
export function hashByOid(oid: string): HashSpec | undefined {
  return BY_OID.get(oid);
}

/** The hash an XML DigestMethod URI names (its registered URI or a known alias), or undefined. */
export function hashByXmlDigestUri(uri: string): HashSpec | undefined {
  return Object.values(HASHES).find((spec) => spec.xmlDigestUri === uri || (spec.xmlDigestUriAliases ?? []).includes(uri));
}

export function isSigningHash(name: string): name is SigningHashName {
  return (SIGNING_HASHES as readonly string[]).includes(name);
}

/** A hash name as users type it (`sha256`, `SHA-256`, `sha3-256`) → its registry name; ERR_INPUT_INVALID otherwise. */
export function parseHashName(input: string): SigningHashName {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const found = SIGNING_HASHES.find((name) => name.replace(/[^A-Z0-9]/g, '') === compact);
  if (!found) throw new SigndeskError('ERR_INPUT_INVALID', `Unsupported hash '${input}': use ${SIGNING_HASHES.join(', ')}`);
  return found;
}

export function digest(name: HashName, data: Uint8Array, parameters?: HashParameters): Uint8Array {
  const hasher = hashSpec(name).create(parameters);
  hasher.update(data);
  return hasher.digest();
}
