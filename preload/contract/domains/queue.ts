import { z } from 'zod';
import { channel } from '../define';

export const BATCH_STATES = ['running', 'paused', 'cancelled', 'done', 'interrupted', 'stopped'] as const;
/** `stopped`: a fatal error (wrong PIN, locked or absent token) ended the batch with its journal intact. */
export type BatchState = (typeof BATCH_STATES)[number];

export const ITEM_STATES = ['pending', 'written', 'done', 'failed', 'skipped'] as const;
export type BatchItemState = (typeof ITEM_STATES)[number];

export interface QueueDocument {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 once known (the batch computes it when signing). */
  sha256: string | null;
  source: 'path' | 'watch';
  addedAt: string;
}

/** Hashes a new signature may use (the crypto registry implements each). GOST 34.311 and Kupyna go with DSTU 4145 keys. */
export const SIGNING_HASH_NAMES = ['SHA-256', 'SHA-384', 'SHA-512', 'SHA3-256', 'SHA3-384', 'SHA3-512', 'GOST34311', 'KUPYNA-256', 'KUPYNA-384', 'KUPYNA-512'] as const;
export type SigningHashId = (typeof SIGNING_HASH_NAMES)[number];

/** Signature formats: CAdES `.p7s`, PAdES inside the PDF, ASiC-E containers. */
export const SIGNATURE_FORMATS = ['cades', 'pades', 'asice'] as const;
export type SignatureFormatId = (typeof SIGNATURE_FORMATS)[number];

export const SIGNATURE_CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type SignatureCorner = (typeof SIGNATURE_CORNERS)[number];
export const VISIBLE_SIGNATURE_LANGUAGES = ['uk', 'ru', 'en'] as const;
export type VisibleSignatureLanguage = (typeof VISIBLE_SIGNATURE_LANGUAGES)[number];

/**
 * A visible PAdES signature: a box on a page with the signer's name, organisation, EDRPOU and the date, built from
 * the signer's certificate, with its words in `language`.
 */
export interface VisibleSignatureSpec {
  /** 1-based page number. */
  page: number;
  corner: SignatureCorner;
  language: VisibleSignatureLanguage;
}

export interface BatchOptions {
  /** Which signature format the batch makes (default cades). */
  format: SignatureFormatId;
  attached: boolean;
  /** null: each signature beside its document. */
  outDir: string | null;
  overwrite: boolean;
  tsaUrl: string | null;
  /** The hash of the signatures; null: the key's own (SHA-256 for P-256 and RSA, SHA-384 for P-384, GOST 34.311 for DSTU 4145…). */
  hash: SigningHashId | null;
  /** PAdES: the signed PDF replaces its input (atomically) instead of `<name>-signed.pdf`. */
  inPlace?: boolean;
  /** ASiC-E: one container with this file name (`NAME.asice`) for all the batch's documents, instead of one each. */
  packet?: string | null;
  /** PAdES: a visible signature; invisible when absent or null. */
  visible?: VisibleSignatureSpec | null;
}

export interface BatchSummary {
  id: string;
  keyRef: string;
  options: BatchOptions;
  state: BatchState;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  totalBytes: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The code that stopped the batch (state `stopped`). */
  fatalError: { code: string; message: string } | null;
  /** Who asked for it through the signing agent (`origin:https://…`, `token:<id>`); null: the app or the CLI. */
  requestedBy: string | null;
}

export interface BatchItem {
  seq: number;
  input: string;
  output: string;
  state: BatchItemState;
  error: { code: string; message: string } | null;
}

export interface BatchProgress {
  batchId: string;
  state: BatchState;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  totalBytes: number;
  bytesDone: number;
  filesPerSecond: number;
  bytesPerSecond: number;
  /** Seconds left at the current rate; null until there is a rate. */
  etaSeconds: number | null;
}

const batchId = z.string().regex(/^[0-9a-z-]{6,40}$/);
const filePath = z.string().min(1).max(4096);
/** A container's file name: no folder part, ends in .asice. */
export const packetName = z
  .string()
  .min(7)
  .max(255)
  .regex(/^[^/\\]+\.asice$/i)
  .refine((name) => !name.includes('\u0000'), 'no NUL in a file name');
export const visibleSignature = z
  .object({ page: z.number().int().min(1).max(100_000), corner: z.enum(SIGNATURE_CORNERS), language: z.enum(VISIBLE_SIGNATURE_LANGUAGES) })
  .strict();

export const queueChannels = {
  'queue:list': channel<QueueDocument[]>()(z.object({}).strict()),
  'queue:add': channel<QueueDocument[]>()(z.object({ paths: z.array(filePath).min(1).max(100_000) }).strict()),
  'queue:remove': channel<{ removed: number }>()(z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict()),
  /** The PIN or password crosses here once; it is never echoed back or stored. */
  'queue:sign': channel<BatchSummary>()(
    z
      .object({
        documentIds: z.array(z.number().int().positive()).min(1).max(100_000),
        keyRef: z.string().min(1).max(4096),
        secret: z.string().max(1024).optional(),
        format: z.enum(SIGNATURE_FORMATS).optional(),
        attached: z.boolean().optional(),
        outDir: filePath.nullable().optional(),
        overwrite: z.boolean().optional(),
        tsaUrl: z.string().url().max(2048).nullable().optional(),
        inPlace: z.boolean().optional(),
        packet: packetName.nullable().optional(),
        visible: visibleSignature.nullable().optional(),
      })
      .strict(),
  ),
  'queue:pause': channel<BatchSummary>()(z.object({ batchId }).strict()),
  /** Continues a paused batch of this process, or an interrupted one (then the secret is needed again). */
  'queue:resume': channel<BatchSummary>()(z.object({ batchId, secret: z.string().max(1024).optional() }).strict()),
  'queue:cancel': channel<BatchSummary>()(z.object({ batchId }).strict()),
  'queue:batches': channel<BatchSummary[]>()(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()),
  'queue:interrupted': channel<BatchSummary[]>()(z.object({}).strict()),
  'queue:items': channel<BatchItem[]>()(
    z.object({ batchId, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  ),
};
