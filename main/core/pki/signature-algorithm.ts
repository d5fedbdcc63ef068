import * as pkijs from 'pkijs';
import {
  defaultHashFor,
  encodeSignatureAlgorithm,
  signatureAlgorithmFor,
  type SignatureAlgorithm,
  type SigningHashName,
  type SigningKey,
} from '../crypto';

/** The signature algorithm of `key` with `hash` (the key's default hash unless given) as a pkijs AlgorithmIdentifier. */
export function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): pkijs.AlgorithmIdentifier {
  return pkijs.AlgorithmIdentifier.fromBER(encodeSignatureAlgorithm(algorithm));
}

/** Signs `data` (a TBS structure's DER) with the key, and names the algorithm used as X.509, CSRs and CMP do. */
export async function signWithKey(key: SigningKey, data: Uint8Array, hash: SigningHashName = defaultHashFor(key.algorithm)): Promise<{ algorithm: SignatureAlgorithm; identifier: pkijs.AlgorithmIdentifier; signature: Uint8Array }> {
  const algorithm = signatureAlgorithmFor(key.algorithm, hash);
  const signature = await key.sign(data, algorithm);
  return { algorithm, identifier: signatureAlgorithmIdentifier(algorithm), signature };
}
