import crypto from 'node:crypto';
import type { HashAlgorithm, KeyAlgorithm } from '../keys/signing-key';
import { SigndeskError } from '../../../preload/contract/errors';
import { ECDSA_WITH_OIDS, HASH_LENGTH, HASH_OIDS, NODE_HASH } from '../keys/signature-algorithms';
import { algorithmIdentifier, contextConstructed, NULL, sequence, smallInteger, tlv } from './der';

export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
export const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
export const OID_SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_MGF1 = '1.2.840.113549.1.1.8';

export { HASH_LENGTH, HASH_OIDS, NODE_HASH };

export type NodeHashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Digest algorithms we accept when verifying (SHA-1 only for reading old signatures and ESSCertID). */
export const HASH_BY_OID: Record<string, NodeHashName> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export function parseHashName(name: string): HashAlgorithm {
  const normalized = name.toUpperCase().replace(/^SHA-?/, 'SHA-');
  if (normalized === 'SHA-256' || normalized === 'SHA-384' || normalized === 'SHA-512') return normalized;
  throw new SigndeskError('ERR_INPUT_INVALID', `Unsupported hash '${name}': use SHA-256, SHA-384 or SHA-512`);
}

export function digestAlgorithmIdentifier(hash: HashAlgorithm): Uint8Array {
  return algorithmIdentifier(HASH_OIDS[hash]);
}

/** The SignerInfo signatureAlgorithm for a key and hash. */
export function signatureAlgorithmIdentifier(key: KeyAlgorithm, hash: HashAlgorithm, padding: 'pkcs1' | 'pss' = 'pkcs1'): Uint8Array {
  if (key.kind === 'EC') return algorithmIdentifier(ECDSA_WITH_OIDS[hash]);
  if (padding === 'pkcs1') return algorithmIdentifier(OID_RSA_ENCRYPTION, NULL);
  // RSASSA-PSS-params: hashAlgorithm [0], maskGenAlgorithm [1] MGF1(hash), saltLength [2] = hash length.
  const hashId = algorithmIdentifier(HASH_OIDS[hash], NULL);
  return algorithmIdentifier(
    OID_RSASSA_PSS,
    sequence(contextConstructed(0, hashId), contextConstructed(1, algorithmIdentifier(OID_MGF1, hashId)), contextConstructed(2, saltInteger(HASH_LENGTH[hash]))),
  );
}

function saltInteger(length: number): Uint8Array {
  return length < 128 ? smallInteger(length) : tlv(0x02, Uint8Array.of(0, length));
}

export function digest(hash: HashAlgorithm | NodeHashName, data: Uint8Array): Uint8Array {
  const name = hash.startsWith('SHA-') ? NODE_HASH[hash as HashAlgorithm] : hash;
  return new Uint8Array(crypto.createHash(name).update(data).digest());
}
