import type { HistorySigner } from '../../../preload/contract/domains/history';
import type { BatchOptions, SignatureFormatId, VisibleSignatureSpec } from '../../../preload/contract/domains/queue';
import type { VerifyReport } from '../../../preload/contract/domains/verify';
import type { SigningHashName, SigningKey } from '../crypto';
import type { RevocationChecker } from '../pki/revocation';
import type { FileWorkerPool } from '../workers/file-worker-pool';
import type { WorkerResult } from '../workers/file-worker-protocol';

export type { SignatureFormatId };

/** A batch's options with its hash settled (the key's own when the batch did not name one). */
export type ResolvedBatchOptions = BatchOptions & { hash: SigningHashName };

/** One input of a batch, where its output goes, and the batch's temp file for it (in the output's folder). */
export interface BatchItemFiles {
  input: string;
  /** Every input of an item that signs several documents together (an ASiC-E packet); `input` is the first. */
  inputs?: readonly string[];
  output: string;
  tempPath: string;
  sizeHint: number;
}

/** What a format computed for an item before signing: the digest its CMS signs over, and the input's identity. */
export interface PreparedItem {
  /** The messageDigest of the CMS (the whole file, the byte ranges, the manifest: the format's hash plan). */
  digest: Uint8Array;
  /** The input's size and modification time, as read. */
  size: number;
  mtimeMs: number;
  /** The content itself when the CMS carries it (attached CAdES). */
  content: Uint8Array | null;
  /** The format's own facts for writing the output (offsets, names); structured-cloneable. */
  state?: Record<string, unknown>;
}

/** A format's hash plan for a batch: what is read and hashed per input, before (and while) the key is opened. */
export interface FormatPlan {
  prepare(item: BatchItemFiles): Promise<WorkerResult<PreparedItem>>;
  /** About how many bytes the output of an input of this size takes (to say how much space a full disk needs). */
  outputSizeEstimate(inputSize: number): number;
}

/**
 * One batch's signer in one format with one key, built once per batch (whatever does not change per file is prepared
 * there). The batch runner drives each item: prepare (the plan, on a file worker) → sign (main thread, the key) →
 * write the temp output (file worker, fsynced) → rename (runner) → check the written output (file worker) → done.
 */
export interface FormatBatch {
  readonly signer: Omit<HistorySigner, 'signedAt'>;
  /** The CMS SignedData (DER) over `prepared.digest`. */
  sign(prepared: PreparedItem): Promise<Uint8Array>;
  /** Writes the output to `tempPath` and fsyncs it; the output's size when done. */
  write(prepared: PreparedItem, cms: Uint8Array, tempPath: string): Promise<WorkerResult<{ outputSize: number }>>;
  /** Re-reads the published output and checks it holds and verifies what was signed. Throws a SigndeskError. */
  check(output: string, prepared: PreparedItem, cms: Uint8Array): Promise<void>;
  /** After a crash: whether the output on disk is the one this batch wrote (its CMS and size from the journal). */
  confirm(output: string, written: { signature: Uint8Array; outputSize: number | null }): Promise<boolean>;
}

export interface FormatVerifyRequest {
  signaturePath: string;
  /** The document a detached signature needs. */
  contentPath?: string;
  trustAnchors: readonly Uint8Array[];
  intermediates?: readonly Uint8Array[];
  at?: Date;
  revocation?: RevocationChecker | 'skip';
}

/**
 * A signature format: its output naming, its hash plan and signer (through `createBatch`), the check of what it wrote,
 * and its verifier. The queue, the batch runner, the workers, the inbox watcher, history, verify and the CLI reach
 * formats only through this seam. A new format is a folder under `formats/` plus one line in `registry.ts` (and its
 * worker ops in `worker-ops.ts`).
 */
export interface SignatureFormat {
  readonly id: SignatureFormatId;
  /** The output path for an input (or for a packet's inputs): beside it, or in `options.outDir`. */
  outputPath(input: string, options: BatchOptions): string;
  /** Whether a file name is an output of this format (the inbox watcher never takes one). */
  isOutputName(name: string): boolean;
  /**
   * The batch's hash plan. `key` resolves once the batch's key is open: a plan whose prepared bytes depend on the
   * signer (PAdES: the room for the CMS, a visible signature's text) waits for it; others ignore it.
   */
  plan(options: ResolvedBatchOptions, pool: FileWorkerPool, key: Promise<SigningKey>): FormatPlan;
  createBatch(key: SigningKey, options: ResolvedBatchOptions, pool: FileWorkerPool): FormatBatch | Promise<FormatBatch>;
  /** Whether a file is a signature in this format, by its first bytes and its name. */
  recognises(head: Uint8Array, name: string): boolean;
  /** The document a detached signature file goes with (`X.p7s` → `X`); null when the file carries its documents. */
  companionOf(signaturePath: string): string | null;
  verify(request: FormatVerifyRequest): Promise<VerifyReport>;
  /** Adds a signer with `key` to the signed file, atomically in place (the other signatures stay valid). */
  cosign(file: string, key: SigningKey, options?: FormatCosignOptions): Promise<FormatCosignResult>;
}

export interface FormatCosignOptions {
  /** CAdES detached: the signed document. */
  contentPath?: string;
  hash?: SigningHashName;
  tsaUrl?: string | null;
  /** PAdES: a visible signature for the new signer. */
  visible?: VisibleSignatureSpec | null;
}

export interface FormatCosignResult {
  /** How many signers the file has now. */
  signers: number;
  /** What history keeps for the entry: the whole `.p7s` (CAdES), the new signer's CMS (PAdES, ASiC-E). */
  signature: Uint8Array;
  /** The size of the co-signed file. */
  outputSize: number;
}
