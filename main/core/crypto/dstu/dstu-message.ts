import { dstuDigest, type DstuDigestName } from './dstu-digest';
import type { DstuByteOrder } from './dstu-oids';
import type { DstuPrivateKey } from './dstu-private-key';
import type { DstuPublicKey } from './dstu-public-key';

export interface DstuMessageOptions {
  /** GOST 34.311 (default, with the key's DKE) or Kupyna. */
  digest?: DstuDigestName;
  /** Signature encoding: little-endian (default) or big-endian. */
  order?: DstuByteOrder;
}

/** Hashes the bytes to be signed (e.g. the DER of CMS signed attributes) and signs the hash. */
export function signDstuMessage(key: DstuPrivateKey, toBeSigned: Uint8Array, options: DstuMessageOptions = {}): Uint8Array {
  return key.sign(dstuDigest(options.digest ?? 'gost34311', toBeSigned, key.dke), options.order ?? 'le');
}

/** Hashes the signed bytes as given and verifies the raw signature value. */
export function verifyDstuMessage(key: DstuPublicKey, signed: Uint8Array, signature: Uint8Array, options: DstuMessageOptions = {}): boolean {
  return key.verify(dstuDigest(options.digest ?? 'gost34311', signed, key.dke), signature, options.order ?? 'le');
}
