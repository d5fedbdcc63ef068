import type { HistorySigner } from '../../../preload/contract/domains/history';

/**
 * What the batch runner needs from CMS for one batch and one key: make a signature over a digest, and the
 * cheap check of a written output. Built once per batch by `createSignatureMaker` (everything that does not
 * change per file is prepared there).
 */
export interface SignatureMaker {
  readonly signer: Omit<HistorySigner, 'signedAt'>;
  /** A CAdES-BES signature (DER) over a document digest; `content` is given for an attached signature. */
  sign(digest: Uint8Array, content: Uint8Array | null): Promise<Uint8Array>;
  /**
   * Re-reads the written `file` and checks it: it holds exactly `der`, it parses, messageDigest = `digest` and the
   * signature value verifies with the key. Throws a SigndeskError.
   */
  check(file: string, der: Uint8Array, digest: Uint8Array): Promise<void>;
}
