import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';

type NodeHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const SIGNATURE_HASH: Record<string, { hash: NodeHash | null; kind: 'rsa' | 'ecdsa' | 'eddsa' }> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', kind: 'rsa' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', kind: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', kind: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', kind: 'rsa' },
  '1.2.840.10045.4.1': { hash: 'sha1', kind: 'ecdsa' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', kind: 'ecdsa' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', kind: 'ecdsa' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', kind: 'ecdsa' },
  '1.3.101.112': { hash: null, kind: 'eddsa' },
};

const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';

const HASH_BY_OID: Record<string, NodeHash> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * Checks a signature made over `signedBytes` (a TBS structure's DER) with the key in `spki` (DER), for the
 * RSA PKCS#1 v1.5, RSA-PSS, ECDSA and Ed25519 algorithm identifiers. Unknown algorithms verify as false.
 */
export function verifySignature(signedBytes: Uint8Array, signature: Uint8Array, algorithm: pkijs.AlgorithmIdentifier, spki: Uint8Array): boolean {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return false;
  }
  try {
    if (algorithm.algorithmId === OID_RSASSA_PSS) {
      const pss = pssParameters(algorithm.algorithmParams);
      return crypto.verify(pss.hash, signedBytes, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, signature);
    }
    const known = SIGNATURE_HASH[algorithm.algorithmId];
    if (!known) return false;
    if (known.kind === 'ecdsa') return crypto.verify(known.hash, signedBytes, { key, dsaEncoding: 'der' }, signature);
    return crypto.verify(known.hash, signedBytes, key, signature);
  } catch {
    return false;
  }
}

/** The hash of a signature algorithm (certConf hashes a certificate with its signature's hash). */
export function signatureHash(algorithmOid: string): NodeHash | undefined {
  return SIGNATURE_HASH[algorithmOid]?.hash ?? undefined;
}

function pssParameters(params: unknown): { hash: NodeHash; saltLength: number } {
  let hash: NodeHash = 'sha1';
  let saltLength = 20;
  if (params instanceof asn1js.Sequence) {
    for (const item of params.valueBlock.value) {
      if (!(item instanceof asn1js.Constructed)) continue;
      const inner = item.valueBlock.value[0];
      if (item.idBlock.tagNumber === 0 && inner instanceof asn1js.Sequence) {
        const oid = inner.valueBlock.value[0];
        if (oid instanceof asn1js.ObjectIdentifier) hash = HASH_BY_OID[oid.valueBlock.toString()] ?? hash;
      }
      if (item.idBlock.tagNumber === 2 && inner instanceof asn1js.Integer) saltLength = inner.valueBlock.valueDec;
    }
  }
  return { hash, saltLength };
}

/** Checks that `cert` was signed by the key of `issuerSpki`. */
export function certificateSignedBy(cert: pkijs.Certificate, issuerSpki: Uint8Array): boolean {
  return verifySignature(new Uint8Array(cert.tbsView), new Uint8Array(cert.signatureValue.valueBlock.valueHexView), cert.signatureAlgorithm, issuerSpki);
}
