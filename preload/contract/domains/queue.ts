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

export interface BatchOptions {
  attached: boolean;
  /** null: each signature beside its document. */
  outDir: string | null;
  overwrite: boolean;
  tsaUrl: string | null;
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512';
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
        attached: z.boolean().optional(),
        outDir: filePath.nullable().optional(),
        overwrite: z.boolean().optional(),
        tsaUrl: z.string().url().max(2048).nullable().optional(),
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
