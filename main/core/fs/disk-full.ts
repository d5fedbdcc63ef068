import { SigndeskError } from '../../../preload/contract/errors';

/** ERR_STORAGE_FULL for `path` (a file or folder), saying how many bytes were to be written when that is known. */
export function diskFullError(path: string, cause: unknown, bytesNeeded?: number): SigndeskError {
  const need = bytesNeeded === undefined ? '' : ` (${bytesNeeded} bytes to write)`;
  return new SigndeskError(
    'ERR_STORAGE_FULL',
    `No space left on the disk of ${path}${need}: free some space and try again`,
    bytesNeeded === undefined ? { path } : { path, bytesNeeded },
    { cause },
  );
}
