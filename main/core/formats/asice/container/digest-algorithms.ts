import { SigndeskError } from '../../../../../preload/contract/errors';
import { HASHES, hashByXmlDigestUri, isSigningHash, type HashName, type HashSpec } from '../../../crypto/hashes';

/** A manifest digest algorithm: a registry hash that has an XML DigestMethod URI. */
export type AsicDigestAlgorithm = HashName;

interface DigestAlgorithmFacts {
  name: AsicDigestAlgorithm;
  /** The URI written in `<ds:DigestMethod Algorithm=…>` (from the hash registry). */
  uri: string;
  nodeName: string;
  length: number;
  /** Whether new manifests may use it (the registry's signing hashes; SHA-1 and SHA-224 are read, never written). */
  forSigning: boolean;
}

function factsOf(spec: HashSpec | undefined): DigestAlgorithmFacts | undefined {
  if (!spec?.xmlDigestUri || !spec.nodeName) return undefined;
  return { name: spec.name, uri: spec.xmlDigestUri, nodeName: spec.nodeName, length: spec.length, forSigning: isSigningHash(spec.name) };
}

export function digestAlgorithmByName(name: string): DigestAlgorithmFacts | undefined {
  return Object.hasOwn(HASHES, name) ? factsOf(HASHES[name as HashName]) : undefined;
}

export function digestAlgorithmByUri(uri: string): DigestAlgorithmFacts | undefined {
  return factsOf(hashByXmlDigestUri(uri));
}

/** The facts of an algorithm a new manifest may use, or ERR_INPUT_INVALID. */
export function signingDigestAlgorithm(name: string): DigestAlgorithmFacts {
  const facts = digestAlgorithmByName(name);
  if (!facts || !facts.forSigning) {
    throw new SigndeskError('ERR_INPUT_INVALID', `digest algorithm ${name} cannot be used in a new ASiC manifest`, { algorithm: name });
  }
  return facts;
}

/**
 * The hash a new manifest lists its documents with: the signature's own when it has an XML DigestMethod URI, else
 * SHA-256 (GOST 34.311 and Kupyna have none; the CMS over the manifest still uses them).
 */
export function manifestDocumentHash(signingHash: HashName): HashName {
  return digestAlgorithmByName(signingHash)?.forSigning ? signingHash : 'SHA-256';
}

/** The node:crypto name of a manifest digest algorithm. */
export function nodeHashName(algorithm: AsicDigestAlgorithm): string {
  const facts = digestAlgorithmByName(algorithm);
  if (!facts) throw new SigndeskError('ERR_INPUT_INVALID', `unknown digest algorithm ${algorithm}`);
  return facts.nodeName;
}
