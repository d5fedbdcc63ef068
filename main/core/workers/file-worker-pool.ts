import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { SigndeskError } from '../../../preload/contract/errors';
import type { HashResult, HashTask, WorkerReply, WorkerRequest, WorkerResult, WriteResult } from './file-worker-protocol';
import { workerScript } from './worker-script';

interface Pending {
  op: string;
  task: unknown;
  sizeHint: number;
  resolve(result: WorkerResult<object>): void;
}

interface WorkerSlot {
  worker: Worker;
  inFlight: Map<number, Pending[]>;
}

/** Tasks of one op travel together, up to this many (writes fewer, so that the workers' fsyncs overlap). */
const CHUNK_TASKS: Readonly<Record<string, number>> = { write: 32 };
const DEFAULT_CHUNK_TASKS = 64;
const CHUNK_BYTES = 8 << 20;
const CHUNKS_IN_FLIGHT_PER_WORKER = 2;

/**
 * A small pool of file worker threads that read and hash files, write + fsync temp files and run the formats' own
 * file ops off the main thread, so that file work overlaps the token's signing. Small tasks travel in chunks to
 * keep message overhead low. The ops are the file worker's (formats/file-worker.ts), addressed by name.
 */
export class FileWorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  /** Shared by the workers: one creates a file at a time (see createFile). */
  private readonly createLock = new SharedArrayBuffer(4);
  private readonly script: string;
  private closed = false;

  constructor(size = Math.max(1, Math.min(2, os.availableParallelism()))) {
    this.script = workerScript('file-worker');
    for (let index = 0; index < size; index++) this.slots.push(this.spawn());
  }

  /** Runs one task of the worker op `op`; a failure of that task comes back as `{ ok: false, code, message }`. */
  run<R extends WorkerResult<object>>(op: string, task: unknown, sizeHint = 0): Promise<R> {
    if (this.closed) return Promise.reject(new SigndeskError('ERR_INTERNAL', 'The file worker pool is closed'));
    return new Promise<R>((resolve) => {
      this.queue.push({ op, task, sizeHint, resolve: resolve as (result: WorkerResult<object>) => void });
      this.dispatch();
    });
  }

  /** Reads and hashes a file with bounded memory (its bytes too, for an attached signature). */
  hash(task: HashTask): Promise<HashResult> {
    return this.run('hash', task, task.sizeHint ?? 0);
  }

  /** Writes `bytes` to `path` (created or truncated) and fsyncs it, off the main thread. */
  writeSynced(path: string, bytes: Uint8Array): Promise<WriteResult> {
    return this.run('write', { path, bytes });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): WorkerSlot {
    const worker = new Worker(this.script, { workerData: { createLock: this.createLock } });
    const slot: WorkerSlot = { worker, inFlight: new Map() };
    worker.on('message', (message: WorkerReply) => {
      const chunk = slot.inFlight.get(message.id);
      slot.inFlight.delete(message.id);
      chunk?.forEach((pending, index) => pending.resolve(message.results[index] ?? { ok: false, code: 'ERR_INTERNAL', message: 'The file worker gave no answer' }));
      this.dispatch();
    });
    worker.on('error', (error) => this.failSlot(slot, error));
    worker.on('exit', () => {
      if (!this.closed) this.failSlot(slot, new Error('file worker exited'));
    });
    return slot;
  }

  private failSlot(slot: WorkerSlot, error: Error): void {
    for (const chunk of slot.inFlight.values()) {
      for (const pending of chunk) pending.resolve({ ok: false, code: 'ERR_INTERNAL', message: `File worker failed: ${error.message}` });
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
      const op = this.queue[0]!.op;
      const limit = CHUNK_TASKS[op] ?? DEFAULT_CHUNK_TASKS;
      const chunk: Pending[] = [];
      let bytes = 0;
      while (this.queue.length > 0 && this.queue[0]!.op === op && chunk.length < limit && (chunk.length === 0 || bytes < CHUNK_BYTES)) {
        const next = this.queue.shift()!;
        bytes += next.sizeHint;
        chunk.push(next);
      }
      const id = this.nextId++;
      slot.inFlight.set(id, chunk);
      slot.worker.postMessage({ id, op, tasks: chunk.map((pending) => pending.task) } satisfies WorkerRequest);
    }
  }
}
