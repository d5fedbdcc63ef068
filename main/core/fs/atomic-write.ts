import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError, isDiskFullError } from '../../../preload/contract/errors';
import { diskFullError } from './disk-full';

export interface AtomicWriteOptions {
  /** false: fail with EEXIST instead of replacing an existing file (checked at rename time via link). */
  overwrite?: boolean;
  mode?: number;
  /** A streamed source longer than this is refused with ERR_INPUT_INVALID (nothing is left behind). */
  maxBytes?: number;
}

/** Bytes, text, or a stream of chunks (an HTTP request body) written as they arrive. */
export type AtomicWriteSource = Uint8Array | string | AsyncIterable<Uint8Array>;

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.signdesk-tmp`);
}

export const TEMP_SUFFIX = '.signdesk-tmp';

/**
 * Writes `data` so that `target` is either the old file or the complete new one, never a half-written mix:
 * a temp file in the same folder, fsync, rename, fsync of the folder. Whatever fails, the temp file is removed;
 * a full disk is ERR_STORAGE_FULL, other errors keep their errno code (EEXIST for `overwrite: false`).
 */
export async function writeFileAtomic(target: string, data: AtomicWriteSource, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(target);
  let written = 0;
  try {
    const handle = await fs.open(temp, 'wx', options.mode ?? 0o600);
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) {
        written = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
        await handle.writeFile(data);
      } else {
        for await (const chunk of data) {
          written += chunk.byteLength;
          if (options.maxBytes !== undefined && written > options.maxBytes) {
            throw new SigndeskError('ERR_INPUT_INVALID', `The file is larger than ${options.maxBytes} bytes`, { limit: options.maxBytes });
          }
          await handle.write(chunk);
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite === false) {
      // link() fails if the target exists, so a file that appeared meanwhile is never replaced.
      await fs.link(temp, target);
      await fs.unlink(temp);
    } else {
      await fs.rename(temp, target);
    }
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (isDiskFullError(error)) throw diskFullError(target, error, written);
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
