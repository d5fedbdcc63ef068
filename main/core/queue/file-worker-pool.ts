import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from '../keys/signing-key';
import { SigndeskError, type ErrorCode } from '../../../preload/contract/errors';
import { HASH_WORKER_SOURCE } from './hash-worker-source';

export interface HashTask {
  path: string;
  hash: HashAlgorithm;
  /** Also return the bytes (attached signatures). */
  wantContent?: boolean;
  /** Size hint for chunking (bytes); 0 when unknown. */
  sizeHint?: number;
}

export type HashResult =
  | { ok: true; digest: Uint8Array; size: number; mtimeMs: number; content: Uint8Array | null }
  | { ok: false; code: ErrorCode; message: string };

interface Pending {
  task: HashTask;
  resolve: (result: HashResult) => void;
}

interface WorkerSlot {
  worker: Worker;
  inFlight: Map<number, Pending[]>;
}

const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const CHUNK_FILES = 64;
const CHUNK_BYTES = 8 << 20;
const CHUNKS_IN_FLIGHT_PER_WORKER = 2;

/**
 * A small pool of worker threads that read and hash files off the main thread, so hashing overlaps the
 * token's signing. Small files travel in chunks to keep message overhead low.
 */
export class HashPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size = Math.max(1, Math.min(2, os.availableParallelism()))) {
    for (let index = 0; index < size; index++) this.slots.push(this.spawn());
  }

  hash(task: HashTask): Promise<HashResult> {
    if (this.closed) return Promise.reject(new SigndeskError('ERR_INTERNAL', 'The hash pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): WorkerSlot {
    const worker = new Worker(HASH_WORKER_SOURCE, { eval: true });
    const slot: WorkerSlot = { worker, inFlight: new Map() };
    worker.on('message', (message: { id: number; results: HashResult[] }) => {
      const chunk = slot.inFlight.get(message.id);
      slot.inFlight.delete(message.id);
      chunk?.forEach((pending, index) => pending.resolve(message.results[index]!));
      this.dispatch();
    });
    worker.on('error', (error) => this.failSlot(slot, error));
    worker.on('exit', () => {
      if (!this.closed) this.failSlot(slot, new Error('hash worker exited'));
    });
    return slot;
  }

  private failSlot(slot: WorkerSlot, error: Error): void {
    for (const chunk of slot.inFlight.values()) {
      for (const pending of chunk) pending.resolve({ ok: false, code: 'ERR_INTERNAL', message: `Hashing failed: ${error.message}` });
    }
    slot.inFlight.clear();
    if (!this.closed) {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    }
  }

  private dispatch(): void {
    for (;;) {
      if (this.queue.length === 0) return;
      const slot = this.slots.reduce((best, candidate) => (candidate.inFlight.size < best.inFlight.size ? candidate : best));
      if (slot.inFlight.size >= CHUNKS_IN_FLIGHT_PER_WORKER) return;
      const chunk: Pending[] = [];
      let bytes = 0;
      while (this.queue.length > 0 && chunk.length < CHUNK_FILES && (chunk.length === 0 || bytes < CHUNK_BYTES)) {
        const next = this.queue.shift()!;
        bytes += next.task.sizeHint ?? 0;
        chunk.push(next);
      }
      const id = this.nextId++;
      slot.inFlight.set(id, chunk);
      slot.worker.postMessage({
        id,
        tasks: chunk.map((pending) => ({ path: pending.task.path, hash: NODE_HASH[pending.task.hash], wantContent: pending.task.wantContent === true })),
      });
    }
  }
}
