import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** false: fail with EEXIST instead of replacing an existing file (checked at rename time via link). */
  overwrite?: boolean;
  mode?: number;
}

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.signdesk-tmp`);
}

export const TEMP_SUFFIX = '.signdesk-tmp';

/**
 * Writes `data` so that `target` is either the old file or the complete new one, never a half-written mix:
 * a temp file in the same folder, fsync, rename, fsync of the folder.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.overwrite === false) {
      // link() fails if the target exists, so a file that appeared meanwhile is never replaced.
      await fs.link(temp, target);
      await fs.unlink(temp);
    } else {
      await fs.rename(temp, target);
    }
  } catch (error) {
    await fs.rm(temp, { force: true });
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
