import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';

const MAX_FILES = 100_000;

/**
 * Files and folders → the regular files they hold, in a stable order. Folders are walked recursively; hidden
 * entries, our own temp files and symlinks are skipped (counted in `skipped`). A missing path is an error.
 */
export async function expandPaths(inputs: readonly string[]): Promise<{ files: string[]; skipped: number }> {
  const files: string[] = [];
  let skipped = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) {
        skipped += 1;
        continue;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) add(full);
      else skipped += 1;
    }
  };
  const add = (file: string) => {
    if (files.length >= MAX_FILES) throw new SigndeskError('ERR_INPUT_INVALID', `More than ${MAX_FILES} files`, { limit: MAX_FILES });
    files.push(file);
  };
  for (const input of inputs) {
    const absolute = path.resolve(input);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      throw new SigndeskError('ERR_FILE_NOT_FOUND', `Cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { path: absolute });
    }
    if (stat.isDirectory()) await walk(absolute);
    else if (stat.isFile()) add(absolute);
    else skipped += 1;
  }
  return { files: [...new Set(files)], skipped };
}
