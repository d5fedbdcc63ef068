import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from '../keys/signing-key';
import { SigndeskError, type ErrorCode } from '../../../preload/contract/errors';
import { FILE_WORKER_SOURCE } from './file-worker-source';

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

export type WriteResult = { ok: true } | { ok: false; code: ErrorCode; message: string };

export interface CheckTask {
  /** The written signature file, read back from disk. */
  path: string;
  /** The bytes that were written there (the file must hold exactly these). */
  expected: Uint8Array;
  /** The document digest the signature's messageDigest must equal. */
  digest: Uint8Array;
  /** The signer's SubjectPublicKeyInfo (DER). */
  spki: Uint8Array;
  hash: HashAlgorithm;
}

type Job =
  | { kind: 'hash'; task: HashTask; resolve: (result: HashResult) => void }
  | { kind: 'write'; task: { path: string; bytes: Uint8Array }; resolve: (result: WriteResult) => void }
  | { kind: 'check'; task: CheckTask; resolve: (result: WriteResult) => void };
type Pending = Job;

interface WorkerSlot {
  worker: Worker;
  inFlight: Map<number, Pending[]>;
}

const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const CHUNK_FILES = 64;
const WRITE_CHUNK_FILES = 32;
const CHUNK_BYTES = 8 << 20;
const CHUNKS_IN_FLIGHT_PER_WORKER = 2;

/**
 * A small pool of worker threads that read and hash files, and write + fsync temp files, off the main thread, so hashing overlaps the
 * token's signing. Small files travel in chunks to keep message overhead low.
 */
export class FileWorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  /** Shared by the workers: one creates a file at a time (see createFile in the worker). */
  private readonly createLock = new SharedArrayBuffer(4);
  private closed = false;

  constructor(size = Math.max(1, Math.min(2, os.availableParallelism()))) {
    for (let index = 0; index < size; index++) this.slots.push(this.spawn());
  }

  hash(task: HashTask): Promise<HashResult> {
    if (this.closed) return Promise.reject(new SigndeskError('ERR_INTERNAL', 'The file worker pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ kind: 'hash', task, resolve });
      this.dispatch();
    });
  }

  /** Writes `bytes` to `path` (created or truncated) and fsyncs it, off the main thread. */
  writeSynced(path: string, bytes: Uint8Array): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new SigndeskError('ERR_INTERNAL', 'The file worker pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ kind: 'write', task: { path, bytes }, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /**
   * Re-reads a written signature and checks it cheaply: the file holds exactly the bytes written, it parses as
   * CMS SignedData, the first signer's messageDigest equals `digest`, and its signature value verifies with `spki`.
   */
  checkSignature(task: CheckTask): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new SigndeskError('ERR_INTERNAL', 'The file worker pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ kind: 'check', task, resolve });
      this.dispatch();
    });
  }

  private spawn(): WorkerSlot {
    const worker = new Worker(FILE_WORKER_SOURCE, { eval: true, workerData: { createLock: this.createLock } });
    const slot: WorkerSlot = { worker, inFlight: new Map() };
    worker.on('message', (message: { id: number; results: HashResult[] }) => {
      const chunk = slot.inFlight.get(message.id);
      slot.inFlight.delete(message.id);
      chunk?.forEach((pending, index) => (pending.resolve as (result: unknown) => void)(message.results[index]));
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
      const kind = this.queue[0]!.kind;
      const chunk: Pending[] = [];
      let bytes = 0;
      // Writes go in small chunks so that the workers' fsyncs run in parallel with each other.
      const limit = kind === 'write' ? WRITE_CHUNK_FILES : CHUNK_FILES;
      while (this.queue.length > 0 && this.queue[0]!.kind === kind && chunk.length < limit && (chunk.length === 0 || bytes < CHUNK_BYTES)) {
        const next = this.queue.shift()!;
        bytes += next.kind === 'hash' ? (next.task.sizeHint ?? 0) : 0;
        chunk.push(next);
      }
      const id = this.nextId++;
      slot.inFlight.set(id, chunk);
      slot.worker.postMessage({
        id,
        kind,
        tasks: chunk.map((pending) => {
          if (pending.kind === 'hash') return { path: pending.task.path, hash: NODE_HASH[pending.task.hash], wantContent: pending.task.wantContent === true };
          if (pending.kind === 'check') return { ...pending.task, hash: NODE_HASH[pending.task.hash] };
          return pending.task;
        }),
      });
    }
  }
}
