import { SigndeskError } from '../../../../preload/contract/errors';
import { Gost34311 } from './gost34311';
import { Kupyna } from './kupyna';
import { DSTU_OIDS } from './dstu-oids';

/** The hashes DSTU 4145 signatures are made over. */
export type DstuDigestName = 'gost34311' | 'kupyna256' | 'kupyna384' | 'kupyna512';

export interface StreamingDigest {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

const BY_OID: Record<string, DstuDigestName> = {
  [DSTU_OIDS.gost34311]: 'gost34311',
  [DSTU_OIDS.kupyna256]: 'kupyna256',
  [DSTU_OIDS.kupyna384]: 'kupyna384',
  [DSTU_OIDS.kupyna512]: 'kupyna512',
};

export function dstuDigestByOid(oid: string): DstuDigestName | undefined {
  return BY_OID[oid];
}

export function dstuDigestOid(name: DstuDigestName): string {
  return DSTU_OIDS[name];
}

/** A streaming hasher; `dke` (packed S-box from the signer's parameters) only matters for GOST 34.311. */
export function createDstuDigest(name: DstuDigestName, dke?: Uint8Array): StreamingDigest {
  switch (name) {
    case 'gost34311':
      return new Gost34311(dke);
    case 'kupyna256':
      return new Kupyna(256);
    case 'kupyna384':
      return new Kupyna(384);
    case 'kupyna512':
      return new Kupyna(512);
    default:
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown DSTU digest ${String(name)}`);
  }
}

export function dstuDigest(name: DstuDigestName, data: Uint8Array, dke?: Uint8Array): Uint8Array {
  const hasher = createDstuDigest(name, dke);
  hasher.update(data);
  return hasher.digest();
}
