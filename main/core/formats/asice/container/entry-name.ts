import { unsafe } from './container-errors';

export const MAX_NAME_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;
export const MAX_NAME_DEPTH = 32;

/**
 * Refuses an entry name that could escape the folder it is extracted to or mean different files to different
 * programs: empty, absolute (`/x`), a drive (`C:`), backslashes, `.`/`..` or empty segments, NUL and other
 * control characters, over-long names. Directory entries end with `/`. Returns the name unchanged.
 */
export function checkEntryName(name: string): string {
  const refuse = (reason: string) => unsafe(`entry name ${JSON.stringify(name)}: ${reason}`, { entry: name, reason });
  if (name.length === 0) throw refuse('empty name');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse('control character in the name');
  if (name.includes('\\')) throw refuse('backslash in the name');
  if (name.startsWith('/')) throw refuse('absolute path');
  if (/^[A-Za-z]:/.test(name)) throw refuse('drive letter');
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw refuse(`longer than ${MAX_NAME_BYTES} bytes`);
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.length > MAX_NAME_DEPTH) throw refuse(`deeper than ${MAX_NAME_DEPTH} folders`);
  for (const segment of segments) {
    if (segment === '..') throw refuse('".." segment');
    if (segment === '.') throw refuse('"." segment');
    if (segment === '') throw refuse('empty segment');
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) throw refuse(`a segment longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  return name;
}

/**
 * The key under which two names are the same file on a case-insensitive or normalising file system
 * (Windows, macOS): NFC, lower case.
 */
export function nameCollisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;

/**
 * Extra refusals before a name becomes a path on disk: characters and device names Windows gives special
 * meaning (`a.txt:stream`, `NUL`, `COM1.txt`), trailing dots or spaces Windows strips. Checked on every OS so a
 * container extracts the same everywhere.
 */
export function checkPortableName(name: string): void {
  for (const segment of name.split('/')) {
    const refuse = (reason: string) => unsafe(`entry name ${JSON.stringify(name)}: ${reason}`, { entry: name, reason });
    if (/[:*?"<>|]/.test(segment)) throw refuse('a character Windows does not allow in file names');
    if (WINDOWS_DEVICE.test(segment)) throw refuse('a Windows device name');
    if (/[. ]$/.test(segment)) throw refuse('ends with a dot or a space');
  }
}

/** A file `a` beside entries under `a/` cannot both be extracted. */
export function checkFolderClashes(names: readonly string[]): void {
  const files = new Map<string, string>();
  const folders = new Set<string>();
  for (const name of names) {
    const key = nameCollisionKey(name);
    if (name.endsWith('/')) folders.add(key.slice(0, -1));
    else files.set(key, name);
    const segments = key.split('/');
    for (let i = 1; i < segments.length; i += 1) folders.add(segments.slice(0, i).join('/'));
  }
  for (const [key, name] of files) {
    if (folders.has(key)) throw unsafe(`entry ${name} is both a file and a folder`, { entry: name, reason: 'file-folder-clash' });
  }
}
