import type { ErrorCode } from '../../../preload/contract/errors';
import type { HashName } from '../crypto';

/** Every answer a worker op gives: ok with its fields, or a coded failure for that one task. */
export type WorkerResult<T extends object = object> = ({ ok: true } & T) | { ok: false; code: ErrorCode; message: string };

export interface HashTask {
  path: string;
  hash: HashName;
  /** Also return the bytes (attached signatures). */
  wantContent?: boolean;
  /** Size hint for chunking (bytes); 0 when unknown. */
  sizeHint?: number;
}

export type HashResult = WorkerResult<{ digest: Uint8Array; size: number; mtimeMs: number; content: Uint8Array | null }>;

export interface WriteTask {
  path: string;
  bytes: Uint8Array;
}

export type WriteResult = WorkerResult;

/** What every worker op sees besides its tasks. */
export interface WorkerContext {
  /** Shared by the workers: one creates a file at a time (see `createFile`). */
  createLock: Int32Array;
}

/** A worker op: answers a chunk of tasks in order (an answer may be a promise: a large file's hash). */
export type WorkerOp = (tasks: never[], context: WorkerContext) => Array<WorkerResult<object> | Promise<WorkerResult<object>>>;

export interface WorkerRequest {
  id: number;
  op: string;
  tasks: unknown[];
}

export interface WorkerReply {
  id: number;
  results: Array<WorkerResult<object>>;
}
