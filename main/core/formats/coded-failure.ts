import { SigndeskError } from '../../../preload/contract/errors';
import { failure, writeFailure } from '../workers/file-ops';

/** A thrown error as a file worker's answer for one task: coded errors as they are, file system errors by errno. */
export function codedFailure(error: unknown, path: string): { ok: false; code: SigndeskError['code']; message: string } {
  if (error instanceof SigndeskError) return failure(error.code, error.message);
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return failure('ERR_FILE_NOT_FOUND', `${path} does not exist`);
  if (code !== undefined) return writeFailure(path, error);
  return failure('ERR_INTERNAL', `${path}: ${(error as Error)?.message ?? String(error)}`);
}
