import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SigndeskError } from '../../../preload/contract/errors';
import { isPkcs11Uri, parsePkcs11Uri, type Pkcs11Uri } from './pkcs11-uri';

/** What a KeyRef string names: a token key, a key file, or a key in the cabinet (by id). */
export type ParsedKeyRef = { kind: 'token'; uri: Pkcs11Uri; text: string } | { kind: 'file'; path: string } | { kind: 'cabinet'; id: string };

/** `pkcs11:…` → token, `file:PATH` → file (resolved against the working folder), anything else → a cabinet id. */
export function parseKeyRef(text: string): ParsedKeyRef {
  if (isPkcs11Uri(text)) return { kind: 'token', uri: parsePkcs11Uri(text), text };
  if (text.startsWith('file:')) {
    const rest = text.startsWith('file://') ? fileURLToPath(text) : text.slice('file:'.length);
    if (rest.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'file: needs a path');
    return { kind: 'file', path: path.resolve(rest) };
  }
  if (text.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'No key given');
  return { kind: 'cabinet', id: text };
}

export function fileKeyRef(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}

/** A PIN a `pkcs11:` URI carries itself (`pin-value`, or `pin-source=file:…`), or undefined. */
export function pinFromUri(uri: Pkcs11Uri): string | undefined {
  if (uri.pinValue !== undefined) return uri.pinValue;
  if (uri.pinSource === undefined) return undefined;
  if (!uri.pinSource.startsWith('file:')) throw new SigndeskError('ERR_INPUT_INVALID', 'pin-source must be a file: reference');
  const file = uri.pinSource.startsWith('file://') ? new URL(uri.pinSource).pathname : uri.pinSource.slice('file:'.length);
  try {
    return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new SigndeskError('ERR_FILE_UNREADABLE', `Cannot read the PIN file ${file}`, undefined, { cause: error });
  }
}
