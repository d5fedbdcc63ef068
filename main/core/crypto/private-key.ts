import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { SigndeskError, type ErrorCode } from '../../../preload/contract/errors';
import { childNodes, contentsOf, expectTag, oidText, readNode } from './der';
import { dstuCurveByName } from './dstu/dstu-curve';
import { isDstu4145Oid } from './dstu/dstu-oids';
import { DstuPrivateKey } from './dstu/dstu-private-key';
import { DstuPublicKey } from './dstu/dstu-public-key';
import { CURVES, keyAlgorithmOf, spkiOfKey, type KeyAlgorithm } from './key-algorithms';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** A decrypted private key held in this process (a file key once its password opened it). */
export type PrivateKey = { kind: 'node'; key: crypto.KeyObject } | { kind: 'dstu'; key: DstuPrivateKey };

/**
 * A PKCS#8 PrivateKeyInfo (DER) as a private key. `expectedPublicKey` (SPKI, e.g. the certificate's) is checked, and
 * settles a DSTU key's byte order. `code` is the error for a key that cannot be read (ERR_KEY_FILE_CORRUPT from a file).
 */
export function privateKeyFromPkcs8(der: Uint8Array, options: { expectedPublicKey?: Uint8Array; code?: ErrorCode } = {}): PrivateKey {
  const code = options.code ?? 'ERR_KEY_FILE_CORRUPT';
  if (isDstu4145Oid(privateKeyAlgorithmOid(der))) {
    let expected: DstuPublicKey | undefined;
    try {
      expected = options.expectedPublicKey ? DstuPublicKey.fromSpki(options.expectedPublicKey) : undefined;
    } catch {
      // A certificate for another kind of key: the mismatch is reported where the two are paired.
    }
    return { kind: 'dstu', key: DstuPrivateKey.fromPkcs8(der, { ...(expected ? { expectedPublicKey: expected } : {}), code }) };
  }
  try {
    return { kind: 'node', key: crypto.createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }) };
  } catch (error) {
    throw new SigndeskError(code, `The private key cannot be read: ${(error as Error).message}`, undefined, { cause: error });
  }
}

const PROBE = Buffer.from('Signdesk key consistency probe');

/**
 * Whether the private key signs what its public key (the one carried beside the scalar in the PKCS#8, or derived)
 * verifies: a damaged file can decrypt to a well-formed key whose private half is no longer its public half's.
 * DSTU keys are checked against their certificate when read; other kinds (X25519…) cannot sign and are not tested.
 */
export function privateKeyIsConsistent(key: PrivateKey): boolean {
  if (key.kind !== 'node') return true;
  const type = key.key.asymmetricKeyType;
  if (type !== 'ec' && type !== 'rsa' && type !== 'rsa-pss' && type !== 'ed25519' && type !== 'ed448') return true;
  const hash = type === 'ed25519' || type === 'ed448' ? null : 'sha256';
  try {
    const signature = crypto.sign(hash, PROBE, key.key);
    return crypto.verify(hash, PROBE, crypto.createPublicKey(key.key), signature);
  } catch {
    return false;
  }
}

/** The private key as PKCS#8 PrivateKeyInfo (DER), for writing it encrypted. The caller wipes it after use. */
export function pkcs8OfPrivateKey(key: PrivateKey): Uint8Array {
  if (key.kind === 'dstu') return key.key.exportPkcs8();
  const der = key.key.export({ type: 'pkcs8', format: 'der' });
  return new Uint8Array(der.buffer, der.byteOffset, der.length);
}

export function spkiOfPrivateKey(key: PrivateKey): Uint8Array {
  return key.kind === 'dstu' ? key.key.publicKey.toSpki('le') : spkiOfKey(key.key);
}

export function algorithmOfPrivateKey(key: PrivateKey): KeyAlgorithm {
  return key.kind === 'dstu' ? { kind: 'DSTU4145', curve: key.key.curve.name ?? 'explicit' } : keyAlgorithmOf(key.key);
}

/** A new key pair of the algorithm (file keys: node:crypto generates, DSTU 4145 this crypto core). */
export async function generatePrivateKey(algorithm: KeyAlgorithm): Promise<PrivateKey> {
  switch (algorithm.kind) {
    case 'EC':
      return { kind: 'node', key: (await generateKeyPair('ec', { namedCurve: CURVES[algorithm.namedCurve].nodeName })).privateKey };
    case 'RSA':
      return { kind: 'node', key: (await generateKeyPair('rsa', { modulusLength: algorithm.modulusLength, publicExponent: 0x10001 })).privateKey };
    case 'Ed25519':
      return { kind: 'node', key: (await generateKeyPair('ed25519')).privateKey };
    case 'Ed448':
      return { kind: 'node', key: (await generateKeyPair('ed448')).privateKey };
    case 'DSTU4145':
      if (algorithm.curve === 'explicit') throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'New DSTU 4145 keys are made on a named curve');
      return { kind: 'dstu', key: DstuPrivateKey.generate(dstuCurveByName(algorithm.curve)) };
  }
}

/** Wipes what can be wiped of a private key (a DSTU scalar; node:crypto keys go with their object). */
export function destroyPrivateKey(key: PrivateKey): void {
  if (key.kind === 'dstu') key.key.destroy();
}

function privateKeyAlgorithmOid(der: Uint8Array): string {
  try {
    const outer = expectTag(readNode(der), 0x30, 'PrivateKeyInfo');
    const algorithm = expectTag(childNodes(der, outer)[1], 0x30, 'privateKeyAlgorithm');
    return oidText(contentsOf(der, expectTag(childNodes(der, algorithm)[0], 0x06, 'OID')));
  } catch {
    return '';
  }
}
