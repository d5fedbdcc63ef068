import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import { oid } from './der';
import type { DstuCurveName } from './dstu/dstu-curve';
import type { SigningHashName } from './hashes';

export type NamedCurve = 'P-256' | 'P-384' | 'P-521' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

/** What a key is, as the cabinet shows it and the signature schemes need it. */
export type KeyAlgorithm =
  | { kind: 'EC'; namedCurve: NamedCurve }
  | { kind: 'RSA'; modulusLength: number }
  | { kind: 'Ed25519' }
  | { kind: 'Ed448' }
  /** DSTU 4145-2002 over one of the standard's polynomial-basis curves (M163 … M431; 'explicit' for others). */
  | { kind: 'DSTU4145'; curve: DstuCurveName | 'explicit' };

export interface CurveSpec {
  name: NamedCurve;
  oid: string;
  /** node:crypto / OpenSSL name. */
  nodeName: string;
  /** Bytes of one coordinate. */
  fieldBytes: number;
  /** The hash that matches the curve's strength. */
  hash: SigningHashName;
}

export const CURVES: Readonly<Record<NamedCurve, CurveSpec>> = {
  'P-256': { name: 'P-256', oid: '1.2.840.10045.3.1.7', nodeName: 'prime256v1', fieldBytes: 32, hash: 'SHA-256' },
  'P-384': { name: 'P-384', oid: '1.3.132.0.34', nodeName: 'secp384r1', fieldBytes: 48, hash: 'SHA-384' },
  'P-521': { name: 'P-521', oid: '1.3.132.0.35', nodeName: 'secp521r1', fieldBytes: 66, hash: 'SHA-512' },
  brainpoolP256r1: { name: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', nodeName: 'brainpoolP256r1', fieldBytes: 32, hash: 'SHA-256' },
  brainpoolP384r1: { name: 'brainpoolP384r1', oid: '1.3.36.3.3.2.8.1.1.11', nodeName: 'brainpoolP384r1', fieldBytes: 48, hash: 'SHA-384' },
  brainpoolP512r1: { name: 'brainpoolP512r1', oid: '1.3.36.3.3.2.8.1.1.13', nodeName: 'brainpoolP512r1', fieldBytes: 64, hash: 'SHA-512' },
};

const CURVE_BY_NODE_NAME = new Map(Object.values(CURVES).map((curve) => [curve.nodeName, curve]));
const CURVE_BY_OID = new Map(Object.values(CURVES).map((curve) => [curve.oid, curve]));

export function curveByOid(oid: string): CurveSpec | undefined {
  return CURVE_BY_OID.get(oid);
}

/** The named curve of EC parameters given as the DER OBJECT IDENTIFIER (CKA_EC_PARAMS, SPKI parameters). */
export function oidOfCurveParams(params: Uint8Array): CurveSpec | undefined {
  if (params.length < 3 || params[0] !== 0x06 || params[1] !== params.length - 2) return undefined;
  for (const curve of CURVE_BY_OID.values()) {
    const encoded = curveOidDer(curve);
    if (encoded.length === params.length && encoded.every((byte, index) => byte === params[index])) return curve;
  }
  return undefined;
}

const curveOids = new Map<NamedCurve, Uint8Array>();
function curveOidDer(curve: CurveSpec): Uint8Array {
  let encoded = curveOids.get(curve.name);
  if (!encoded) curveOids.set(curve.name, (encoded = oid(curve.oid)));
  return encoded;
}

/** The names `keygen --alg` and the wizards take for new keys. */
export const KEY_ALGORITHM_NAMES = ['ec-p256', 'ec-p384', 'ec-p521', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'dstu4145-257', 'dstu4145-431'] as const;
export type KeyAlgorithmName = (typeof KEY_ALGORITHM_NAMES)[number];

export function keyAlgorithmFromName(name: KeyAlgorithmName): KeyAlgorithm {
  switch (name) {
    case 'ec-p256':
      return { kind: 'EC', namedCurve: 'P-256' };
    case 'ec-p384':
      return { kind: 'EC', namedCurve: 'P-384' };
    case 'ec-p521':
      return { kind: 'EC', namedCurve: 'P-521' };
    case 'rsa-2048':
      return { kind: 'RSA', modulusLength: 2048 };
    case 'rsa-3072':
      return { kind: 'RSA', modulusLength: 3072 };
    case 'rsa-4096':
      return { kind: 'RSA', modulusLength: 4096 };
    case 'dstu4145-257':
      return { kind: 'DSTU4145', curve: 'M257' };
    case 'dstu4145-431':
      return { kind: 'DSTU4145', curve: 'M431' };
  }
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown key algorithm ${String(name)}`);
}

export function isKeyAlgorithmName(name: string): name is KeyAlgorithmName {
  return (KEY_ALGORITHM_NAMES as readonly string[]).includes(name);
}

/** The short name the cabinet records (`ec-p256`, `rsa-2048`, `ed25519`, `ec-brainpoolP256r1`). */
export function keyAlgorithmName(algorithm: KeyAlgorithm): string {
  switch (algorithm.kind) {
    case 'EC':
      return algorithm.namedCurve.startsWith('P-') ? `ec-p${algorithm.namedCurve.slice(2)}` : `ec-${algorithm.namedCurve}`;
    case 'RSA':
      return `rsa-${algorithm.modulusLength}`;
    case 'Ed25519':
      return 'ed25519';
    case 'Ed448':
      return 'ed448';
    case 'DSTU4145':
      return algorithm.curve === 'explicit' ? 'dstu4145' : `dstu4145-${algorithm.curve.slice(1)}`;
  }
}

/** The hash a new signature by this key uses unless told otherwise. */
export function defaultHashFor(algorithm: KeyAlgorithm): SigningHashName {
  if (algorithm.kind === 'EC') return CURVES[algorithm.namedCurve].hash;
  if (algorithm.kind === 'Ed448') return 'SHA-512';
  if (algorithm.kind === 'DSTU4145') return 'GOST34311';
  return 'SHA-256';
}

/** The algorithm of a node:crypto key (private or public); ERR_KEY_ALGORITHM_UNSUPPORTED for anything else. */
export function keyAlgorithmOf(key: crypto.KeyObject): KeyAlgorithm {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = details?.namedCurve ? CURVE_BY_NODE_NAME.get(details.namedCurve) : undefined;
      if (curve) return { kind: 'EC', namedCurve: curve.name };
      break;
    }
    case 'rsa':
    case 'rsa-pss':
      if (details?.modulusLength) return { kind: 'RSA', modulusLength: details.modulusLength };
      break;
    case 'ed25519':
      return { kind: 'Ed25519' };
    case 'ed448':
      return { kind: 'Ed448' };
  }
  const curve = details?.namedCurve ? ` (${details.namedCurve})` : '';
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported key type ${key.asymmetricKeyType ?? 'unknown'}${curve}`);
}

export function spkiOfKey(key: crypto.KeyObject): Uint8Array {
  const der = (key.type === 'private' ? crypto.createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return new Uint8Array(der.buffer, der.byteOffset, der.length);
}
