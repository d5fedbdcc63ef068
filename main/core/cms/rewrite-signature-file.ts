import fs from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, tempPathFor } from '../fs/atomic-write';
import { readRanges } from './content-ranges';
import type { ParsedSignedData } from './parse-signed-data';
import { encodeSignedData, type SignedDataParts } from './signed-data';

/**
 * Replaces a large attached signature file with a new SignedData around the same content, atomically: the content is
 * copied straight from the old file's ranges (re-emitted as one DER OCTET STRING; no signer covers that encoding).
 */
export async function rewriteLargeAttached(signaturePath: string, parsed: ParsedSignedData, parts: Omit<SignedDataParts, 'encapContentInfo' | 'attachedContentLength' | 'eContentType'>, mode: number): Promise<void> {
  const ranges = parsed.contentRanges ?? [];
  const { head, tail } = encodeSignedData({ ...parts, attachedContentLength: parsed.contentLength ?? 0, eContentType: parsed.eContentType });
  const temp = tempPathFor(signaturePath);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.write(head);
    let pending: Promise<unknown> = Promise.resolve();
    await readRanges(signaturePath, ranges, (chunk) => {
      const copy = Buffer.from(chunk);
      pending = pending.then(() => handle.write(copy));
    });
    await pending;
    await handle.write(tail);
    await handle.sync();
    await handle.close();
    await fs.rename(temp, signaturePath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(path.dirname(signaturePath));
}
