import { HASHES, decodeSignatureAlgorithmIdentifier, hashByOid, type HashSpec } from '../crypto';
import type { ParsedSignerInfo } from './parse-signed-data';

export interface WeakAlgorithm {
  hash: HashSpec;
  /** ETSI TS 119 312 (and its predecessor TS 102 176-1): not fit for signatures after this date. */
  weakAfter: Date;
}

/** The weak hash of a signer's digest or signature algorithm (MD5, SHA-1), from the registry's dates; undefined when none. */
export function weakAlgorithmOf(signer: ParsedSignerInfo): WeakAlgorithm | undefined {
  const hashes: HashSpec[] = [];
  const digest = hashByOid(signer.digestAlgorithm);
  if (digest) hashes.push(digest);
  try {
    const algorithm = decodeSignatureAlgorithmIdentifier(signer.signatureAlgorithm, signer.digestAlgorithm);
    if ('hash' in algorithm) hashes.push(HASHES[algorithm.hash]);
  } catch {
    // An undecodable algorithm is reported by the signature check.
  }
  const weak = hashes.filter((hash) => hash.weakAfter !== undefined).sort((a, b) => Date.parse(a.weakAfter!) - Date.parse(b.weakAfter!))[0];
  return weak ? { hash: weak, weakAfter: new Date(weak.weakAfter!) } : undefined;
}
