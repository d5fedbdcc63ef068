import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SigndeskError } from '../../../preload/contract/errors';
import { isPkcs11Uri, parsePkcs11Uri, type Pkcs11Uri } from '../token/pkcs11-uri';

/** What a KeyRef string names: a token key, a key file, or a key in the cabinet (by id). */
export type ParsedKeyRef = { kind: 'token'; uri: Pkcs11Uri; text: string } | { kind: 'file'; path: string } | { kind: 'cabinet'; id: string };

/**
 * `pkcs11:…` → token; `file:PATH` or a plain path (one with a folder separator, as pasted from a file manager,
 * quotes and all) → file, resolved against the working folder; anything else → a cabinet id (ids never hold one).
 */
export function parseKeyRef(given: string): ParsedKeyRef {
  const text = given.trim().replace(/^"(.+)"$/, '$1');
  if (isPkcs11Uri(text)) return { kind: 'token', uri: parsePkcs11Uri(text), text };
  if (text.startsWith('file:')) {
    const rest = text.startsWith('file://') ? fileURLToPath(text) : text.slice('file:'.length);
    if (rest.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'file: needs a path');
    return { kind: 'file', path: path.resolve(rest) };
  }
  // A URL of another scheme (two letters or more: `C:\…` is a path) is not taken for a file.
  if (/[\\/]/.test(text) && !/^[a-z][a-z0-9+.-]+:/i.test(text)) return { kind: 'file', path: path.resolve(text) };
  if (text.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'No key given');
  return { kind: 'cabinet', id: text };
}

export function fileKeyRef(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}

