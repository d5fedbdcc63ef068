import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import { syncDirectory, tempPathFor } from '../fs/atomic-write';
import { contentHashFor, hashSpec, type SigningHashName } from '../crypto';
import { createSignatureParts, type CreateSignatureOptions } from './create-signature';
import { fileError, hashFile, readChunks } from './hash-file';

export interface SignFileOptions extends Omit<CreateSignatureOptions, 'digest' | 'content' | 'hash'> {
  path: string;
  hash?: SigningHashName;
  attached?: boolean;
  /** Default `<path>.p7s`. */
  outPath?: string;
  /** Replace an existing output (default false: ERR_OUTPUT_EXISTS). */
  overwrite?: boolean;
}

/**
 * Signs a file into `<file>.p7s` (detached by default). The content is streamed for hashing and, when
 * attached, streamed again into the output; memory stays flat. The output appears atomically.
 */
export async function signFile(options: SignFileOptions): Promise<{ outPath: string; digest: Uint8Array }> {
  const hash = contentHashFor(options.key, options.hash);
  const outPath = options.outPath ?? `${options.path}.p7s`;
  if (!options.overwrite && (await exists(outPath))) throw new SigndeskError('ERR_OUTPUT_EXISTS', `${outPath} already exists`, { path: outPath });
  const size = options.attached ? (await fs.stat(options.path).catch((error: unknown) => Promise.reject(fileError(options.path, error)))).size : undefined;
  const digest = await hashFile(options.path, hash);
  const { head, tail } = await createSignatureParts({ ...options, hash, digest, attachedContentLength: size });
  const temp = tempPathFor(outPath);
  const handle = await fs.open(temp, 'wx', 0o644);
  try {
    await handle.write(head);
    if (options.attached) {
      // The content is hashed again as it is copied: a file changed since hashing must not be signed.
      const again = hashSpec(hash).create();
      const written = await copyFileInto(options.path, handle, (chunk) => again.update(chunk));
      if (written !== size || !Buffer.from(again.digest()).equals(Buffer.from(digest))) {
        throw new SigndeskError('ERR_FILE_UNREADABLE', `${options.path} changed while it was being signed`);
      }
    }
    await handle.write(tail);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.overwrite) await fs.rename(temp, outPath);
    else {
      await fs.link(temp, outPath);
      await fs.unlink(temp);
    }
  } catch (error) {
    await fs.rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `${outPath} already exists`, { path: outPath });
    throw error;
  }
  await syncDirectory(outPath.replace(/[/\\][^/\\]*$/, '') || '.');
  return { outPath, digest };
}

function copyFileInto(path: string, target: fs.FileHandle, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  return readChunks(path, async (chunk) => {
    onChunk(chunk);
    await target.write(chunk);
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}
