import fs from 'node:fs';
import path from 'node:path';
import { syncDirectory, TEMP_SUFFIX } from '../fs/atomic-write';

export interface PendingOutput {
  seq: number;
  target: string;
}

export type PublishResult = { seq: number; ok: true } | { seq: number; ok: false; code: 'ERR_OUTPUT_EXISTS' | 'ERR_FILE_UNREADABLE' | 'ERR_STORAGE_FULL'; message: string };

/** The batch's deterministic temp name for an item, in the target folder, so resume can find and remove it. */
export function batchTempPath(target: string, batchId: string, seq: number): string {
  return path.join(path.dirname(target), `${batchTempPrefix(batchId)}${seq}${TEMP_SUFFIX}`);
}

export function batchTempPrefix(batchId: string): string {
  return `.sd-${batchId}-`;
}

/**
 * Moves fsynced temp files to their targets, then fsyncs each folder once (grouped). Without `overwrite`
 * a target that exists is never replaced: link() fails with EEXIST instead. Renames are metadata-only calls,
 * done synchronously to avoid a thread-pool round trip per file.
 */
export async function publishTempFiles(batchId: string, outputs: readonly PendingOutput[], overwrite: boolean): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  const folders = new Set<string>();
  for (const output of outputs) {
    const temp = batchTempPath(output.target, batchId, output.seq);
    try {
      if (overwrite) {
        fs.renameSync(temp, output.target);
      } else {
        fs.linkSync(temp, output.target);
        fs.unlinkSync(temp);
      }
      folders.add(path.dirname(output.target));
      results.push({ seq: output.seq, ok: true });
    } catch (error) {
      fs.rmSync(temp, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      results.push(
        code === 'EEXIST'
          ? { seq: output.seq, ok: false, code: 'ERR_OUTPUT_EXISTS', message: `${output.target} already exists (use --overwrite to replace it)` }
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? { seq: output.seq, ok: false, code: 'ERR_STORAGE_FULL', message: `No space left to write ${output.target}` }
            : { seq: output.seq, ok: false, code: 'ERR_FILE_UNREADABLE', message: `Cannot write ${output.target}: ${code ?? (error as Error).message}` },
      );
    }
  }
  await Promise.all([...folders].map((folder) => syncDirectory(folder)));
  return results;
}

/** Names in each folder (one readdir per folder); a folder that does not exist has none. */
export function listFolders(folders: Iterable<string>): Map<string, Set<string>> {
  const listing = new Map<string, Set<string>>();
  for (const folder of folders) {
    if (listing.has(folder)) continue;
    try {
      listing.set(folder, new Set(fs.readdirSync(folder)));
    } catch {
      listing.set(folder, new Set());
    }
  }
  return listing;
}
