import fs from 'node:fs/promises';
import { SigndeskError } from '../../../../../preload/contract/errors';
import { hashSpec, type HashName } from '../../../crypto';

const CHUNK = 1 << 20;

/** The digest of the two ranges of a /ByteRange, streamed in 1 MiB reads (memory stays bounded). */
export async function hashByteRanges(path: string, byteRange: readonly number[], hash: HashName): Promise<Uint8Array> {
  const [start1, length1, start2, length2] = byteRange;
  const valid = byteRange.length === 4 && byteRange.every((n) => Number.isSafeInteger(n) && n >= 0) && start1 === 0 && start2! >= start1! + length1!;
  if (!valid) throw new SigndeskError('ERR_INPUT_INVALID', `bad /ByteRange [${byteRange.join(' ')}]`);
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (start2! + length2! > size) throw new SigndeskError('ERR_PDF_MALFORMED', `the /ByteRange runs past the end of the file (${size} bytes)`);
    const hasher = hashSpec(hash).create();
    // Sized to the larger range: a one-page PDF's hash does not touch a whole MiB.
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, Math.max(length1!, length2!))));
    for (const [start, length] of [
      [start1!, length1!],
      [start2!, length2!],
    ] as const) {
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - done), start + done);
        if (bytesRead === 0) throw new SigndeskError('ERR_PDF_MALFORMED', 'the file ended inside the /ByteRange');
        hasher.update(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    }
    return hasher.digest();
  } finally {
    await handle.close();
  }
}
