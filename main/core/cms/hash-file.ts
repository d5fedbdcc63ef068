import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import { hashSpec, type HashName } from '../crypto';

export const HASH_CHUNK_SIZE = 1024 * 1024;

/** Hashes a file with bounded memory (one reused 1 MiB buffer), whatever its size. */
export async function hashFile(path: string, hash: HashName = 'SHA-256'): Promise<Uint8Array> {
  const hasher = hashSpec(hash).create();
  await readChunks(path, (chunk) => {
    hasher.update(chunk);
  });
  return hasher.digest();
}

/** A file hashed with several hashes in one read (a co-signer checks each earlier signer with its own hash). */
export async function hashFileWith(path: string, hashes: readonly HashName[]): Promise<Map<HashName, Uint8Array>> {
  const hashers = hashes.map((name) => [name, hashSpec(name).create()] as const);
  await readChunks(path, (chunk) => {
    for (const [, hasher] of hashers) hasher.update(chunk);
  });
  return new Map(hashers.map(([name, hasher]) => [name, hasher.digest()]));
}

/** Below this a document is read in one call (bulk verification reads thousands of small ones). */
const SMALL_FILE = 1024 * 1024;

/** Feeds a file's bytes: a small file in one synchronous read, a large one in 1 MiB chunks. Returns its size. */
export async function readDocument(path: string, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  let fd: number;
  try {
    fd = fsSync.openSync(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  let bytes: Buffer;
  try {
    const size = fsSync.fstatSync(fd).size;
    if (size > SMALL_FILE) {
      fsSync.closeSync(fd);
      fd = -1;
      return await readChunks(path, onChunk);
    }
    bytes = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const got = fsSync.readSync(fd, bytes, done, size - done, done);
      if (got === 0) break;
      done += got;
    }
    bytes = bytes.subarray(0, done);
  } catch (error) {
    throw fileError(path, error);
  } finally {
    if (fd >= 0) fsSync.closeSync(fd);
  }
  onChunk(bytes);
  return bytes.length;
}

/** Reads a file in 1 MiB chunks; the chunk is only valid until the callback (or the promise it returns) ends. */
export async function readChunks(path: string, onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<number> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    // Small documents (most of a packet) get a buffer their size, not a fresh 1 MiB each.
    const size = (await handle.stat()).size;
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(HASH_CHUNK_SIZE, size + 1)));
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const pending = onChunk(buffer.subarray(0, bytesRead));
      if (pending) await pending;
      total += bytesRead;
    }
    return total;
  } catch (error) {
    throw fileError(path, error);
  } finally {
    await handle.close();
  }
}

export function fileError(path: string, error: unknown): SigndeskError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new SigndeskError('ERR_FILE_NOT_FOUND', `File not found: ${path}`, { path });
  return new SigndeskError('ERR_FILE_UNREADABLE', `Cannot read ${path}: ${(error as Error).message}`, { path });
}

/** A signature file about to be rewritten in place: its size, and the permission bits the new file keeps. */
export async function signatureFileFacts(path: string): Promise<{ size: number; mode: number }> {
  try {
    const stat = await fs.stat(path);
    return { size: stat.size, mode: stat.mode & 0o777 };
  } catch (error) {
    throw fileError(path, error);
  }
}
