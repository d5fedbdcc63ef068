import fs from 'node:fs';
import type { ErrorCode } from '../../../preload/contract/errors';
import { hashSpec, type Hasher } from '../crypto';
import type { HashResult, HashTask, WorkerContext, WriteResult, WriteTask } from './file-worker-protocol';

/**
 * The file ops every format uses, run on the file worker threads: hash a file (bounded memory, whatever its size)
 * and write + fsync temp files. Formats add their own ops (formats/<id>/worker-ops.ts).
 */

// 128 KiB: the copy out of the page cache stays in the CPU cache for hashing (1 MiB reads measured ~30% slower).
const CHUNK = 128 << 10;
const buffer = Buffer.allocUnsafe(CHUNK);
// Files from this size on are read by the thread pool one chunk ahead while this thread hashes the chunk before:
// the copy out of the page cache and the hashing run on two cores. Smaller files stay synchronous (no round trip).
const PIPELINE_FROM = 8 << 20;
const PIPELINE_CHUNK = 512 << 10;

export function hashFileTask(task: HashTask): HashResult | Promise<HashResult> {
  let fd: number | undefined;
  try {
    fd = fs.openSync(task.path, 'r');
    const before = fs.fstatSync(fd);
    if (!before.isFile()) return failure('ERR_FILE_UNREADABLE', `${task.path} is not a regular file`);
    const hash = hashSpec(task.hash).create();
    // Its own ArrayBuffer: it is transferred back, and Node refuses to transfer the shared Buffer pool.
    const content = task.wantContent ? Buffer.allocUnsafeSlow(before.size) : null;
    if (before.size >= PIPELINE_FROM) {
      // hashPipelined owns the descriptor from here and closes it.
      const handedOver = fd;
      fd = undefined;
      return hashPipelined(task, handedOver, before, hash, content);
    }
    let total = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      if (!take(buffer.subarray(0, read), hash, content, total)) return changed(task);
      total += read;
    }
    return finish(task, fd, before, hash, content, total);
  } catch (error) {
    return readFailure(task, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

async function hashPipelined(task: HashTask, fd: number, before: fs.Stats, hash: Hasher, content: Buffer | null): Promise<HashResult> {
  const buffers = [Buffer.allocUnsafe(PIPELINE_CHUNK), Buffer.allocUnsafe(PIPELINE_CHUNK)];
  const readInto = (target: Buffer) => new Promise<number>((resolve, reject) => fs.read(fd, target, 0, target.length, null, (error, read) => (error ? reject(error) : resolve(read))));
  try {
    let current = 0;
    let next = readInto(buffers[current]!);
    let total = 0;
    for (;;) {
      const read = await next;
      if (read === 0) break;
      const filled = buffers[current]!;
      current ^= 1;
      next = readInto(buffers[current]!);
      if (!take(filled.subarray(0, read), hash, content, total)) {
        await next.catch(() => undefined);
        return changed(task);
      }
      total += read;
    }
    return finish(task, fd, before, hash, content, total);
  } catch (error) {
    return readFailure(task, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Hashes a chunk (and keeps it for an attached signature); false when the file grew past its size. */
function take(slice: Buffer, hash: Hasher, content: Buffer | null, total: number): boolean {
  hash.update(slice);
  if (!content) return true;
  if (total + slice.length > content.length) return false;
  slice.copy(content, total);
  return true;
}

function finish(task: HashTask, fd: number, before: fs.Stats, hash: Hasher, content: Buffer | null, total: number): HashResult {
  const after = fs.fstatSync(fd);
  if (total !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) return changed(task);
  return { ok: true, digest: hash.digest(), size: total, mtimeMs: Math.trunc(before.mtimeMs), content: content ? new Uint8Array(content.buffer, content.byteOffset, content.length) : null };
}

function changed(task: HashTask): HashResult {
  return failure('ERR_FILE_UNREADABLE', `${task.path} changed while it was read`);
}

function readFailure(task: { path: string }, error: unknown): HashResult {
  const code = (error as NodeJS.ErrnoException)?.code;
  return failure(code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE', `Cannot read ${task.path}: ${code ?? String(error)}`);
}

export function failure(code: ErrorCode, message: string): { ok: false; code: ErrorCode; message: string } {
  return { ok: false, code, message };
}

/**
 * Creating files in one folder from several threads at once makes the kernel spin on the folder's lock (a large
 * share of the CPU here): the workers take turns for the create itself, sleeping, not spinning, while they wait.
 * Writes and fsyncs stay concurrent.
 */
export function createFile(path: string, context: WorkerContext): number {
  const lock = context.createLock;
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) Atomics.wait(lock, 0, 1);
  try {
    return fs.openSync(path, 'w', 0o644);
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}

/**
 * Writes every file of the chunk first, then fsyncs each: the first fsync's journal commit usually carries the
 * others' data too (ext4 data=ordered), so the later ones are cheap. Each file is still fsynced before it counts.
 * A file that failed is removed: no half-written temp file stays behind.
 */
export function writeTempFiles(tasks: WriteTask[], context: WorkerContext): WriteResult[] {
  const open = tasks.map((task) => {
    let fd: number | undefined;
    try {
      fd = createFile(task.path, context);
      let offset = 0;
      while (offset < task.bytes.length) offset += fs.writeSync(fd, task.bytes, offset, task.bytes.length - offset);
      return { fd };
    } catch (error) {
      return { fd, error };
    }
  });
  return tasks.map((task, index) => {
    const { fd } = open[index]!;
    let { error } = open[index]!;
    try {
      if (!error && fd !== undefined) fs.fsyncSync(fd);
    } catch (syncError) {
      error = syncError;
    }
    try {
      if (fd !== undefined) fs.closeSync(fd);
    } catch (closeError) {
      error ??= closeError;
    }
    if (!error) return { ok: true };
    try {
      fs.rmSync(task.path, { force: true });
    } catch {
      // Nothing more can be done about a temp file that cannot be removed; the batch's recovery sweeps it later.
    }
    return writeFailure(task.path, error);
  });
}

/** A failed write as a coded error: a full disk is an environment error that stops the batch resumably. */
export function writeFailure(path: string, error: unknown): { ok: false; code: ErrorCode; message: string } {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return failure('ERR_STORAGE_FULL', `No space left to write ${path}`);
  return failure('ERR_FILE_UNREADABLE', `Cannot write ${path}: ${code ?? String(error)}`);
}
