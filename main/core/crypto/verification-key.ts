import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import { childNodes, contentsOf, expectTag, oidText, readNode } from './der';
import { DstuPublicKey } from './dstu/dstu-public-key';
import { DSTU_DEFAULT_DKE } from './dstu/gost-sbox';
import type { HashParameters } from './hashes';
import { isDstu4145Oid } from './dstu/dstu-oids';
import { keyAlgorithmOf, type KeyAlgorithm } from './key-algorithms';

/** A public key that checks signatures: one node:crypto knows, or a DSTU 4145 key of this crypto core. */
export type VerificationKey = { kind: 'node'; key: crypto.KeyObject; algorithm: KeyAlgorithm } | { kind: 'dstu'; key: DstuPublicKey; algorithm: KeyAlgorithm };

const cache = new Map<string, VerificationKey>();
const CACHE_SIZE = 64;

/**
 * The key of a SubjectPublicKeyInfo (DER). Bulk verification meets the same keys over and over: they are kept (a DSTU
 * key builds its tables on reuse). ERR_KEY_ALGORITHM_UNSUPPORTED when no implementation takes it.
 */
export function verificationKeyFromSpki(spki: Uint8Array): VerificationKey {
  const id = Buffer.from(spki).toString('base64');
  const known = cache.get(id);
  if (known) return known;
  const key = isDstu4145Oid(spkiAlgorithmOid(spki)) ? dstuKey(spki) : nodeKey(spki);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(id, key);
  return key;
}

/**
 * What hashing content for this key's signatures takes from the key: a DSTU key whose parameters carry an S-box (DKE)
 * other than the standard's has GOST 34.311 computed with it. Empty for every other key.
 */
export function hashParametersOf(key: VerificationKey): HashParameters {
  if (key.kind !== 'dstu' || !key.key.dke || Buffer.from(key.key.dke).equals(Buffer.from(DSTU_DEFAULT_DKE))) return {};
  return { sbox: key.key.dke };
}

/** The key algorithm of a SubjectPublicKeyInfo. */
export function keyAlgorithmOfSpki(spki: Uint8Array): KeyAlgorithm {
  return verificationKeyFromSpki(spki).algorithm;
}

function nodeKey(spki: Uint8Array): VerificationKey {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'The public key cannot be used by this application', undefined, { cause: error });
  }
  return { kind: 'node', key, algorithm: keyAlgorithmOf(key) };
}

function dstuKey(spki: Uint8Array): VerificationKey {
  const key = DstuPublicKey.fromSpki(spki, 'ERR_KEY_INVALID');
  return { kind: 'dstu', key, algorithm: { kind: 'DSTU4145', curve: key.curve.name ?? 'explicit' } };
}

/** The algorithm OID of a SubjectPublicKeyInfo; '' when it is not one. */
function spkiAlgorithmOid(spki: Uint8Array): string {
  try {
    const outer = expectTag(readNode(spki), 0x30, 'SubjectPublicKeyInfo');
    const algorithm = expectTag(childNodes(spki, outer)[0], 0x30, 'algorithm');
    return oidText(contentsOf(spki, expectTag(childNodes(spki, algorithm)[0], 0x06, 'OID')));
  } catch {
    return '';
  }
}
