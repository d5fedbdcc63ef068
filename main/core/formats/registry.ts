import fs from 'node:fs';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { SIGNATURE_FORMATS, type SignatureFormatId } from '../../../preload/contract/domains/queue';
import { asiceFormat } from './asice';
import { cadesFormat } from './cades';
import { padesFormat } from './pades';
import type { SignatureFormat } from './signature-format';

/** Every signature format Signdesk makes and reads. A new format registers here (and its worker ops in worker-ops.ts). */
const FORMATS: Readonly<Partial<Record<SignatureFormatId, SignatureFormat>>> = {
  cades: cadesFormat,
  pades: padesFormat,
  asice: asiceFormat,
};

export function formatById(id: SignatureFormatId): SignatureFormat {
  const format = FORMATS[id];
  if (!format) throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', `The signature format ${id} is not available`, { format: id });
  return format;
}

export function availableFormats(): SignatureFormat[] {
  return SIGNATURE_FORMATS.flatMap((id) => (FORMATS[id] ? [FORMATS[id]] : []));
}

/** Whether a file name is any format's output (the inbox watcher never takes one). */
export function isSignatureOutputName(name: string): boolean {
  return availableFormats().some((format) => format.isOutputName(name));
}

/**
 * The format of a signed file, by its content (its first bytes) and then its name: verify takes `.p7s`, `.pdf` and
 * `.asice` alike. ERR_FILE_NOT_FOUND / ERR_FILE_UNREADABLE when it cannot be read, ERR_FORMAT_UNSUPPORTED when no
 * format knows it.
 */
export function detectFormat(file: string): SignatureFormat {
  let head: Uint8Array;
  try {
    const handle = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      head = buffer.subarray(0, fs.readSync(handle, buffer, 0, buffer.length, 0));
    } finally {
      fs.closeSync(handle);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SigndeskError(code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE', `Cannot read ${file}: ${code ?? (error as Error).message}`, { path: file });
  }
  const name = path.basename(file);
  // Content first (a PDF named .p7s is a PDF), then names (a damaged .p7s is still CAdES's to report on).
  const found = availableFormats().find((format) => format.recognises(head, '')) ?? availableFormats().find((format) => format.recognises(head, name));
  if (!found) throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', `${name} is not a signature Signdesk can check (CAdES, PAdES or ASiC-E)`, { path: file });
  return found;
}
