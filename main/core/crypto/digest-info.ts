import { NULL, algorithmIdentifier, octetString, sequence } from './der';
import { hashSpec, type HashName } from './hashes';

/** PKCS#1 v1.5 DigestInfo (RFC 8017 §9.2): what CKM_RSA_PKCS signs for a host-computed hash. */
export function digestInfo(hash: HashName, digest: Uint8Array): Uint8Array {
  return sequence(algorithmIdentifier(hashSpec(hash).oid, NULL), octetString(digest));
}
