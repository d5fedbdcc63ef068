import type { AsicDigestAlgorithm } from './digest-algorithms';

/** What a new `META-INF/ASiCManifestNNN.xml` lists. Names are entry names; the builder percent-encodes them. */
export interface AsicManifestInput {
  /** The signature that signs this manifest, e.g. `META-INF/signature001.p7s`. */
  signatureName: string;
  documents: readonly AsicManifestDocumentInput[];
}

export interface AsicManifestDocumentInput {
  name: string;
  mimeType?: string;
  /** EN 319 162-1 `Rootfile`: the document that is "the" document of the container, when one is. */
  rootfile?: boolean;
  digestAlgorithm: AsicDigestAlgorithm;
  digest: Uint8Array;
}

/** A manifest as read from a container. */
export interface AsicManifest {
  signatureName: string;
  signatureMimeType?: string;
  documents: readonly AsicManifestReference[];
  /** How many non-critical `Extension` elements were present (their content is not interpreted). */
  extensionCount: number;
}

export interface AsicManifestReference {
  name: string;
  /** The `URI` attribute as written. */
  uri: string;
  mimeType?: string;
  rootfile?: boolean;
  /** Undefined when Signdesk does not know the algorithm's URI: the reference cannot be checked. */
  digestAlgorithm: AsicDigestAlgorithm | undefined;
  digestAlgorithmUri: string;
  digest: Uint8Array;
}
