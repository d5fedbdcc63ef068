import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import type { HashAlgorithm } from '../keys/signing-key';
import { NODE_HASH, type NodeHashName } from './algorithms';

export const HASH_CHUNK_SIZE = 1024 * 1024;

/** Hashes a file with bounded memory (one reused 1 MiB buffer), whatever its size. */
export async function hashFile(path: string, hash: HashAlgorithm | NodeHashName = 'SHA-256'): Promise<Uint8Array> {
  const hasher = crypto.createHash(hash.startsWith('SHA-') ? NODE_HASH[hash as HashAlgorithm] : hash);
  await readChunks(path, (chunk) => {
    hasher.update(chunk);
  });
  return new Uint8Array(hasher.digest());
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
    const buffer = Buffer.allocUnsafe(HASH_CHUNK_SIZE);
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
