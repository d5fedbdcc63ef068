import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_UPLOAD_BYTES, type UploadPurpose } from '../../../preload/contract/domains/files';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';

const FOLDERS: Record<UploadPurpose, string> = { sign: 'inbox', verify: 'verify-uploads' };
const MAX_NAME_LENGTH = 180;

/** A name safe on every OS: no separators, control or reserved characters, no leading dots, bounded length. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(clean)) clean = `_${clean}`;
  if (clean.length > MAX_NAME_LENGTH) {
    const ext = path.extname(clean).slice(0, 16);
    clean = clean.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return clean || 'file';
}

/**
 * Files that reach main without a path (dropped or picked in a browser): each is written whole, atomically, under
 * `<dataDir>/inbox/` (to sign) or `<dataDir>/verify-uploads/`; a name already taken gets ` (2)`, ` (3)`….
 */
export class UploadStore {
  constructor(private readonly dataDir: string) {}

  folder(purpose: UploadPurpose): string {
    return path.join(this.dataDir, FOLDERS[purpose]);
  }

  async save(purpose: UploadPurpose, name: string, bytes: Uint8Array): Promise<string> {
    if (bytes.byteLength > MAX_UPLOAD_BYTES) {
      throw new SigndeskError('ERR_INPUT_INVALID', `The file is larger than ${MAX_UPLOAD_BYTES} bytes`, { limit: MAX_UPLOAD_BYTES });
    }
    const folder = this.folder(purpose);
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    const clean = sanitizeFileName(name);
    const ext = path.extname(clean);
    const stem = clean.slice(0, clean.length - ext.length) || clean;
    for (let attempt = 1; attempt <= 1000; attempt += 1) {
      const target = path.join(folder, attempt === 1 ? clean : `${stem} (${attempt})${ext}`);
      try {
        await writeFileAtomic(target, bytes, { overwrite: false });
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new SigndeskError('ERR_STORAGE', `Cannot store the uploaded file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
        }
      }
    }
    throw new SigndeskError('ERR_STORAGE', `Too many files named ${clean}`);
  }
}

/** Base64 → bytes, refusing anything that is not clean base64. */
export function decodeBase64(value: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw new SigndeskError('ERR_INPUT_INVALID', 'The upload is not valid base64');
  }
  return Buffer.from(value, 'base64');
}
