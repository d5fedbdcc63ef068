import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { HashAlgorithm, KeyAlgorithm, SigningKey } from '../keys/signing-key';
import { defaultHashFor, signatureOidFor, signData } from '../keys/signature-algorithms';

/** The pkijs AlgorithmIdentifier of a key's signature with `hash`: ECDSA without parameters, RSA with NULL. */
export function signatureAlgorithmIdentifier(algorithm: KeyAlgorithm, hash: HashAlgorithm = defaultHashFor(algorithm)): pkijs.AlgorithmIdentifier {
  const algorithmId = signatureOidFor(algorithm, hash);
  return algorithm.kind === 'EC'
    ? new pkijs.AlgorithmIdentifier({ algorithmId })
    : new pkijs.AlgorithmIdentifier({ algorithmId, algorithmParams: new asn1js.Null() });
}

/** Signs `data` with the key (hash chosen for the key unless given) and names the algorithm used. */
export async function signWithKey(
  key: SigningKey,
  data: Uint8Array,
  hash?: HashAlgorithm,
): Promise<{ algorithm: pkijs.AlgorithmIdentifier; signature: Uint8Array; hash: HashAlgorithm }> {
  const signed = await signData(key, data, hash);
  return { algorithm: signatureAlgorithmIdentifier(key.algorithm, signed.hash), signature: signed.signature, hash: signed.hash };
}
