import fs from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, TEMP_SUFFIX } from '../fs/atomic-write';

export interface PendingOutput {
  seq: number;
  target: string;
  bytes: Uint8Array;
}

export type PublishResult = { seq: number; ok: true } | { seq: number; ok: false; code: 'ERR_OUTPUT_EXISTS' | 'ERR_FILE_UNREADABLE'; message: string };

const PARALLEL_FILE_OPS = 32;

/** The batch's deterministic temp name for an item, in the target folder, so resume can find and remove it. */
export function batchTempPath(target: string, batchId: string, seq: number): string {
  return path.join(path.dirname(target), `.sd-${batchId}-${seq}${TEMP_SUFFIX}`);
}

/**
 * Writes each output to its temp file and fsyncs it (in parallel: the fsyncs overlap on the I/O threads).
 * Nothing is visible under the target name yet. Throws nothing per file: failures come back by seq.
 */
export async function writeTempFiles(batchId: string, outputs: readonly PendingOutput[]): Promise<Map<number, Error>> {
  const failures = new Map<number, Error>();
  await forEachLimited(outputs, async (output) => {
    const temp = batchTempPath(output.target, batchId, output.seq);
    try {
      const handle = await fs.open(temp, 'w', 0o644);
      try {
        await handle.writeFile(output.bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      failures.set(output.seq, error as Error);
      await fs.rm(temp, { force: true }).catch(() => undefined);
    }
  });
  return failures;
}

/**
 * Moves fsynced temp files to their targets, then fsyncs each folder once (grouped). Without `overwrite`
 * a target that exists is never replaced: link() fails with EEXIST instead.
 */
export async function publishTempFiles(batchId: string, outputs: readonly PendingOutput[], overwrite: boolean): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  const folders = new Set<string>();
  await forEachLimited(outputs, async (output) => {
    const temp = batchTempPath(output.target, batchId, output.seq);
    try {
      if (overwrite) {
        await fs.rename(temp, output.target);
      } else {
        await fs.link(temp, output.target);
        await fs.unlink(temp);
      }
      folders.add(path.dirname(output.target));
      results.push({ seq: output.seq, ok: true });
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      results.push(
        code === 'EEXIST'
          ? { seq: output.seq, ok: false, code: 'ERR_OUTPUT_EXISTS', message: `${output.target} already exists (use --overwrite to replace it)` }
          : { seq: output.seq, ok: false, code: 'ERR_FILE_UNREADABLE', message: `Cannot write ${output.target}: ${code ?? (error as Error).message}` },
      );
    }
  });
  await Promise.all([...folders].map((folder) => syncDirectory(folder)));
  return results;
}

export async function removeTempFile(target: string, batchId: string, seq: number): Promise<void> {
  await fs.rm(batchTempPath(target, batchId, seq), { force: true });
}

export async function forEachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>, limit = PARALLEL_FILE_OPS): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}
