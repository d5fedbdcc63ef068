import type { AsicEntry } from './asic-entry';
import type { AsicManifest } from './asic-manifest';

/** An opened ASiC-E container: its structure checked, manifests parsed, signatures read; documents stay on disk. */
export interface AsicContainer {
  readonly path: string;
  /** `ok`: present and exactly as EN 319 162-1 A.1 wants; `missing`: absent (read with a warning). */
  readonly mimetype: 'ok' | 'missing';
  readonly warnings: readonly AsicContainerWarning[];
  /** Every entry in central-directory order (mimetype, folders and META-INF included). */
  readonly entries: readonly AsicEntry[];
  /** The data objects: files outside META-INF other than `mimetype`. */
  readonly documents: readonly AsicEntry[];
  readonly manifests: readonly AsicManifestEntry[];
  readonly signatures: readonly AsicSignatureEntry[];
  /** `META-INF/*signatures*.xml`: XAdES signatures, which are reported, not verified. */
  readonly xadesSignatures: readonly string[];
  /** Releases the file. Entries cannot be read afterwards. */
  close(): void;
}

export interface AsicManifestEntry {
  name: string;
  /** The manifest's bytes exactly as stored: what its signature signs. */
  xml: Uint8Array;
  manifest: AsicManifest;
  /** The signature entry the manifest's SigReference names, when the container has it. */
  signature: AsicSignatureEntry | undefined;
}

export interface AsicSignatureEntry {
  name: string;
  der: Uint8Array;
  /** The manifests whose SigReference names this signature (empty: nothing says what it signs). */
  manifestNames: readonly string[];
}

export type AsicContainerWarningCode =
  | 'mimetype-missing'
  | 'signature-without-manifest'
  | 'manifest-signature-missing'
  | 'manifest-signature-unsupported'
  | 'xades-signatures';

export interface AsicContainerWarning {
  code: AsicContainerWarningCode;
  message: string;
  entry?: string;
}
