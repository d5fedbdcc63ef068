import type { BatchItemState, BatchProgress, BatchSummary, SignatureFormatId, VisibleSignatureSpec } from '../../../preload/contract/domains/queue';
import type { SigningHashName } from '../crypto';
import type { VerifyReport } from '../../../preload/contract/domains/verify';

export type Packaging = 'detached' | 'attached';

/** A signature format of the format registry, as the agent offers it (`GET /v1/info`). */
export interface AgentFormat {
  id: SignatureFormatId;
  /** CAdES: detached or attached. PAdES and ASiC-E carry their documents: none to choose. */
  packagings: readonly Packaging[];
  /** Whether a precomputed hash can be signed (CAdES only). */
  hashSigning: boolean;
  /** ASiC-E: many documents in one container (`packet=NAME.asice`). */
  packets: boolean;
  /** PAdES: a signature drawn on a page (`visible=…`). */
  visibleSignatures: boolean;
  /** The output file's extension (`.p7s`, `.pdf`, `.asice`). */
  extension: string;
}

/** An uploaded document, already on disk in the agent's incoming folder. */
export interface AgentDocument {
  path: string;
  name: string;
  size: number;
}

export interface DocumentsRequest {
  keyRef: string;
  documents: readonly AgentDocument[];
  format: SignatureFormatId;
  /** CAdES only; null for the formats that carry their documents. */
  packaging: Packaging | null;
  /** null: the key's own (as `signdesk sign` without `--hash`). */
  hash: SigningHashName | null;
  /** ASiC-E: one container of this name for all the documents (`signdesk sign --packet`). */
  packet: string | null;
  /** PAdES: a visible signature; null: invisible. */
  visible: VisibleSignatureSpec | null;
  /** The time-stamp service for signature time-stamps (B-T); null: none. */
  tsaUrl: string | null;
  /** `origin:https://…` or `token:<id>`: recorded with the batch. */
  requestedBy: string;
}

export interface HashRequest {
  keyRef: string;
  algorithm: SigningHashName;
  digest: Uint8Array;
  format: SignatureFormatId;
  /** The time-stamp service for a signature time-stamp; null: none. */
  tsaUrl: string | null;
}

export interface AgentItem {
  seq: number;
  /** The document's name (a packet's first document). */
  name: string;
  state: BatchItemState;
  error: { code: string; message: string } | null;
  /** The file the format wrote (`act.pdf.p7s`, `act-signed.pdf`, `act.pdf.asice`, the packet): its name, and where it is. */
  output: { name: string; path: string };
}

export type AgentBatchEvent = { type: 'progress'; progress: BatchProgress } | { type: 'finished'; summary: BatchSummary };

/** The key's PIN or password as typed in Signdesk (undefined: the key needs none, or it is remembered). */
export type KeySecret = string | undefined;

/**
 * What the agent needs from signing, and nothing more: the one place that knows how documents, hashes and
 * verification reach the core. Documents go through the crash-safe batch engine (journal + history), a hash
 * through `main/core/cms`, verification through the format registry, as the app and `signdesk verify` do.
 */
export interface AgentSigning {
  formats(): readonly AgentFormat[];
  /** The time-stamp service set in Signdesk (Settings), which `timestamp=true` uses; null: none is set. */
  timestampService(): Promise<string | null>;
  /** Records the batch in the journal; nothing is signed yet. */
  recordDocuments(request: DocumentsRequest): BatchSummary;
  /** Opens the key (one login) and starts the batch; resolves once signing has begun. A wrong PIN rejects and the batch can be started again. */
  signDocuments(batchId: string, secret: KeySecret): Promise<BatchSummary>;
  cancelDocuments(batchId: string): BatchSummary;
  batch(batchId: string): BatchSummary;
  /** Resolves when the batch has stopped running (done, cancelled, stopped or interrupted). */
  finished(batchId: string): Promise<BatchSummary>;
  items(batchId: string, offset: number, limit: number): AgentItem[];
  /** The CMS (DER) of a done item: the `.p7s` itself for CAdES, the signer's CMS inside the PDF or container otherwise; null when not done. */
  signature(batchId: string, seq: number): Uint8Array | null;
  onBatchEvent(listener: (event: AgentBatchEvent) => void): () => void;
  /** A detached CAdES signature over a precomputed digest. */
  signHash(request: HashRequest, secret: KeySecret): Promise<Uint8Array>;
  /** Any format the registry recognises in the file (CAdES, PAdES, ASiC-E). */
  verify(request: { signaturePath: string; contentPath?: string; noRevocation: boolean }): Promise<VerifyReport>;
}
