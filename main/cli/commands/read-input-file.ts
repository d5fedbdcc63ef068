import fs from 'node:fs';
import { SigndeskError } from '../../../preload/contract/errors';

/** Reads a file given on the command line; a missing or unreadable file is a usage error (exit 2). */
export function readInputFile(file: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read ${file}: ${(error as Error).message}`, { path: file });
  }
}

/** A `--from LISTFILE`: one path per line; blank lines and `#` comments are passed over. */
export function readListFile(listFile: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(listFile, 'utf8');
  } catch (error) {
    throw new SigndeskError('ERR_FILE_NOT_FOUND', `Cannot read the list ${listFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}
