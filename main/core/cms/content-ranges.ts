import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import type { ContentRange } from './signed-data-layout';

/** Streams the given ranges of a file in chunks of at most 1 MiB. */
export async function readRanges(path: string, ranges: readonly ContentRange[], onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (const range of ranges) {
      let done = 0;
      while (done < range.length) {
        const want = Math.min(buffer.length, range.length - done);
        const { bytesRead } = await handle.read(buffer, 0, want, range.start + done);
        if (bytesRead === 0) throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'Malformed signature: truncated');
        onChunk(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
}
