import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { HashAlgorithm, SigningKey } from '../../keys/signing-key';

const ECDSA_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};
const RSA_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};
const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** The hash that suits the key: SHA-384 for P-384, SHA-512 for P-521, SHA-256 otherwise. */
export function hashForKey(key: SigningKey): HashAlgorithm {
  if (key.algorithm.kind === 'EC' && key.algorithm.namedCurve === 'P-384') return 'SHA-384';
  if (key.algorithm.kind === 'EC' && key.algorithm.namedCurve === 'P-521') return 'SHA-512';
  return 'SHA-256';
}

export function signatureAlgorithmFor(key: SigningKey, hash: HashAlgorithm = hashForKey(key)): pkijs.AlgorithmIdentifier {
  return key.algorithm.kind === 'EC'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_OIDS[hash] })
    : new pkijs.AlgorithmIdentifier({ algorithmId: RSA_OIDS[hash], algorithmParams: new asn1js.Null() });
}

/** Signs `data` with the key (ECDSA or RSA PKCS#1 v1.5) and names the algorithm used. */
export async function signWithKey(key: SigningKey, data: Uint8Array): Promise<{ algorithm: pkijs.AlgorithmIdentifier; signature: Uint8Array }> {
  const hash = hashForKey(key);
  const digest = new Uint8Array(crypto.createHash(NODE_HASH[hash]).update(data).digest());
  const signature = await key.sign(digest, { hash });
  return { algorithm: signatureAlgorithmFor(key, hash), signature };
}
