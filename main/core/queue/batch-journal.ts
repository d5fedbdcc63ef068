import { randomBytes } from 'node:crypto';
import type { Db } from '../storage/database';
import { StatementCache } from './statement-cache';
import type { BatchItem, BatchItemState, BatchOptions, BatchState, BatchSummary } from '../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../preload/contract/errors';

/** One document of an item that signs several together (an ASiC-E packet). */
export interface ItemInput {
  path: string;
  documentId: number | null;
}

export interface NewBatchItem {
  input: string;
  output: string;
  documentId?: number | null;
  /** Every document the item signs together, when more than its `input` (kept in queue_item_inputs). */
  inputs?: readonly ItemInput[];
  /** Size when the batch was made (a hint for grouping; the signed size is recorded when written). */
  size?: number | null;
}

/** One journal row as the runner needs it. */
export interface JournalItem {
  seq: number;
  input: string;
  output: string;
  documentId: number | null;
  state: BatchItemState;
  size: number | null;
  mtimeMs: number | null;
  digest: Uint8Array | null;
  signature: Uint8Array | null;
  outputSize: number | null;
  /** Every document of a packet, in order (null: the item signs `input` alone). */
  inputs: ItemInput[] | null;
}

export interface WrittenRecord {
  seq: number;
  size: number;
  mtimeMs: number;
  digest: Uint8Array;
  /** The CMS (for CAdES the output itself). */
  signature: Uint8Array;
  outputSize: number;
}

interface BatchRow {
  id: string;
  key_ref: string;
  options: string;
  state: BatchState;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  total_bytes: number;
  owner_pid: number | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  fatal_error: string | null;
  requested_by: string | null;
}

interface ItemRow {
  seq: number;
  input_path: string;
  output_path: string;
  document_id: number | null;
  state: BatchItemState;
  size: number | null;
  mtime_ms: number | null;
  digest: Buffer | null;
  signature: Buffer | null;
  output_size: number | null;
  error_code: string | null;
  error_message: string | null;
}

/**
 * The crash-safe journal of signing batches. Item states: `pending` → `written` (the signature bytes and the
 * digest are recorded and the temp file is fsynced, the rename may or may not have happened) → `done`
 * (renamed, re-read and verified) | `failed` (with its error) | `skipped` (cancelled or a duplicate).
 * A crash leaves `written` rows that resume settles by comparing the output on disk with the recorded bytes.
 */
export class BatchJournal {
  private readonly sql: StatementCache;

  constructor(private readonly db: Db) {
    this.sql = new StatementCache(db);
  }

  createBatch(keyRef: string, options: BatchOptions, items: readonly NewBatchItem[], totalBytes: number, requestedBy: string | null = null): BatchSummary {
    const id = newBatchId();
    const now = new Date().toISOString();
    const insertItem = this.sql.get(
      'INSERT INTO queue_batch_items (batch_id, seq, input_path, output_path, document_id, state, size) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertInput = this.sql.get('INSERT INTO queue_item_inputs (batch_id, seq, position, input_path, document_id) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.sql
        .get(
          `INSERT INTO queue_batches (id, key_ref, options, state, total, total_bytes, owner_pid, created_at, updated_at, requested_by)
           VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, keyRef, JSON.stringify(options), items.length, totalBytes, process.pid, now, now, requestedBy);
      items.forEach((item, seq) => {
        insertItem.run(id, seq, item.input, item.output, item.documentId ?? null, 'pending', item.size ?? null);
        item.inputs?.forEach((input, position) => insertInput.run(id, seq, position, input.path, input.documentId));
      });
    })();
    return this.get(id);
  }

  get(id: string): BatchSummary {
    const row = this.sql.get('SELECT * FROM queue_batches WHERE id = ?').get(id) as BatchRow | undefined;
    if (!row) throw new SigndeskError('ERR_NOT_FOUND', `No batch ${id}`);
    return toSummary(row);
  }

  list(limit = 100): BatchSummary[] {
    const rows = this.sql.get('SELECT * FROM queue_batches ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as BatchRow[];
    return rows.map(toSummary);
  }

  /** Batches that did not finish: interrupted, stopped by a fatal error, or `running` under a process that is gone. */
  unfinished(): BatchSummary[] {
    const rows = this.sql
      .get(`SELECT * FROM queue_batches WHERE state IN ('running', 'paused', 'interrupted', 'stopped') ORDER BY created_at DESC, rowid DESC`)
      .all() as BatchRow[];
    return rows.filter((row) => row.state !== 'running' || !isAlive(row.owner_pid)).map(toSummary);
  }

  /** Whether another live process is running this batch right now. */
  isOwnedElsewhere(id: string): boolean {
    const row = this.sql.get('SELECT state, owner_pid FROM queue_batches WHERE id = ?').get(id) as Pick<BatchRow, 'state' | 'owner_pid'> | undefined;
    return row?.state === 'running' && row.owner_pid !== process.pid && isAlive(row.owner_pid);
  }

  setState(id: string, state: BatchState, fatalError?: { code: string; message: string }): BatchSummary {
    const now = new Date().toISOString();
    const finished = state === 'done' || state === 'cancelled' ? now : null;
    this.sql
      .get('UPDATE queue_batches SET state = ?, owner_pid = ?, updated_at = ?, finished_at = ?, fatal_error = ? WHERE id = ?')
      .run(state, state === 'running' ? process.pid : null, now, finished, fatalError ? JSON.stringify(fatalError) : null, id);
    return this.get(id);
  }

  /** Closes a batch that never signed, failed or skipped anything as cancelled: nothing in it is left to resume. */
  discardUntouched(id: string): boolean {
    const batch = this.get(id);
    if (batch.state === 'running' || batch.done + batch.failed + batch.skipped > 0) return false;
    this.setState(id, 'cancelled');
    return true;
  }

  /** Rows still to settle: `pending` and `written`, in order. */
  unsettledItems(id: string): JournalItem[] {
    const rows = this.sql
      .get(`SELECT * FROM queue_batch_items WHERE batch_id = ? AND state IN ('pending', 'written') ORDER BY seq`)
      .all(id) as ItemRow[];
    const inputs = new Map<number, ItemInput[]>();
    const inputRows = this.sql.get('SELECT seq, input_path, document_id FROM queue_item_inputs WHERE batch_id = ? ORDER BY seq, position').all(id) as Array<{
      seq: number;
      input_path: string;
      document_id: number | null;
    }>;
    for (const row of inputRows) {
      const list = inputs.get(row.seq) ?? [];
      list.push({ path: row.input_path, documentId: row.document_id });
      inputs.set(row.seq, list);
    }
    return rows.map((row) => toJournalItem(row, inputs.get(row.seq) ?? null));
  }

  /** Whether a batch wrote `output` with exactly `size` bytes (the inbox watcher never takes our outputs). */
  wroteOutput(output: string, size: number): boolean {
    return this.sql.get(`SELECT 1 FROM queue_batch_items WHERE output_path = ? AND output_size = ? AND state IN ('written', 'done') LIMIT 1`).get(output, size) !== undefined;
  }

  /** `limit` -1: all rows. */
  items(id: string, offset = 0, limit = -1, state?: BatchItemState): BatchItem[] {
    const rows = (
      state === undefined
        ? this.sql.get('SELECT * FROM queue_batch_items WHERE batch_id = ? ORDER BY seq LIMIT ? OFFSET ?').all(id, limit, offset)
        : this.sql.get('SELECT * FROM queue_batch_items WHERE batch_id = ? AND state = ? ORDER BY seq LIMIT ? OFFSET ?').all(id, state, limit, offset)
    ) as ItemRow[];
    return rows.map((row) => ({
      seq: row.seq,
      input: row.input_path,
      output: row.output_path,
      state: row.state,
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    }));
  }

  /** The signature recorded for an item (kept after it is done); null while it has none. */
  signature(id: string, seq: number): Uint8Array | null {
    const row = this.sql.get('SELECT signature FROM queue_batch_items WHERE batch_id = ? AND seq = ?').get(id, seq) as { signature: Buffer | null } | undefined;
    return row?.signature ? new Uint8Array(row.signature) : null;
  }

  /** Records the signatures of a group before their temp files are renamed into place (one commit). */
  markWritten(id: string, records: readonly WrittenRecord[]): void {
    const update = this.sql.get(
      `UPDATE queue_batch_items SET state = 'written', size = ?, mtime_ms = ?, digest = ?, signature = ?, output_size = ? WHERE batch_id = ? AND seq = ?`,
    );
    this.db.transaction(() => {
      for (const record of records) update.run(record.size, record.mtimeMs, record.digest, record.signature, record.outputSize, id, record.seq);
    })();
  }

  /** Marks rows done, failed or skipped and updates the batch counters; `also` runs in the same transaction. */
  settle(id: string, outcomes: readonly ItemOutcome[], also?: () => void): void {
    if (outcomes.length === 0 && !also) return;
    const update = this.sql.get('UPDATE queue_batch_items SET state = ?, error_code = ?, error_message = ? WHERE batch_id = ? AND seq = ?');
    this.db.transaction(() => {
      const counts = { done: 0, failed: 0, skipped: 0 };
      for (const outcome of outcomes) {
        update.run(outcome.state, outcome.error?.code ?? null, outcome.error?.message ?? null, id, outcome.seq);
        counts[outcome.state]++;
      }
      this.sql
        .get('UPDATE queue_batches SET done = done + ?, failed = failed + ?, skipped = skipped + ?, updated_at = ? WHERE id = ?')
        .run(counts.done, counts.failed, counts.skipped, new Date().toISOString(), id);
      // A settled row's output is no longer being written by this batch.
      this.releaseOutputs(
        id,
        outcomes.map((outcome) => outcome.seq),
      );
      also?.();
    })();
  }

  transaction(fn: () => void): void {
    this.db.transaction(fn)();
  }

  /**
   * Claims the outputs of these rows for this batch, all in one BEGIN IMMEDIATE transaction (the database's writer
   * lock, shared by every process on the data folder). Returns, per row whose output another live batch holds, that
   * batch's id: those rows must not be signed now. A claim is live while its batch is running or paused and the
   * process that made it exists; otherwise (a crash, a kill) it is taken over.
   */
  claimOutputs(id: string, items: ReadonlyArray<{ seq: number; output: string }>): Map<number, string> {
    const held = new Map<number, string>();
    if (items.length === 0) return held;
    const find = this.sql.get('SELECT c.batch_id, c.owner_pid, b.state FROM queue_output_claims c LEFT JOIN queue_batches b ON b.id = c.batch_id WHERE c.output_path = ?');
    const claim = this.sql.get(
      `INSERT INTO queue_output_claims (output_path, batch_id, owner_pid, claimed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(output_path) DO UPDATE SET batch_id = excluded.batch_id, owner_pid = excluded.owner_pid, claimed_at = excluded.claimed_at`,
    );
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        for (const item of items) {
          const row = find.get(item.output) as { batch_id: string; owner_pid: number; state: string | null } | undefined;
          if (row && row.batch_id !== id && (row.state === 'running' || row.state === 'paused') && isAlive(row.owner_pid)) {
            held.set(item.seq, row.batch_id);
            continue;
          }
          claim.run(item.output, id, process.pid, now);
        }
      })
      .immediate();
    return held;
  }

  /** Lets go of this batch's claims (all of them, or those of the rows given). */
  releaseOutputs(id: string, seqs?: readonly number[]): void {
    if (!seqs) {
      this.sql.get('DELETE FROM queue_output_claims WHERE batch_id = ?').run(id);
      return;
    }
    const release = this.sql.get('DELETE FROM queue_output_claims WHERE batch_id = ? AND output_path = (SELECT output_path FROM queue_batch_items WHERE batch_id = ? AND seq = ?)');
    for (const seq of seqs) release.run(id, id, seq);
  }
}

export interface ItemOutcome {
  seq: number;
  state: 'done' | 'failed' | 'skipped';
  error?: { code: string; message: string };
}

function newBatchId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function isAlive(pid: number | null): boolean {
  if (pid === null) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toSummary(row: BatchRow): BatchSummary {
  return {
    id: row.id,
    keyRef: row.key_ref,
    // Batches from before formats existed were CAdES.
    options: { format: 'cades', ...(JSON.parse(row.options) as Partial<BatchOptions>) } as BatchOptions,
    state: row.state,
    total: row.total,
    done: row.done,
    failed: row.failed,
    skipped: row.skipped,
    totalBytes: row.total_bytes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    fatalError: row.fatal_error ? (JSON.parse(row.fatal_error) as { code: string; message: string }) : null,
    requestedBy: row.requested_by,
  };
}

function toJournalItem(row: ItemRow, inputs: ItemInput[] | null): JournalItem {
  return {
    seq: row.seq,
    input: row.input_path,
    output: row.output_path,
    documentId: row.document_id,
    state: row.state,
    size: row.size,
    mtimeMs: row.mtime_ms,
    digest: row.digest ? new Uint8Array(row.digest) : null,
    signature: row.signature ? new Uint8Array(row.signature) : null,
    outputSize: row.output_size,
    inputs,
  };
}
