import fs from 'node:fs';
import { SigndeskError } from '../../../preload/contract/errors';
import type { Pkcs11Uri } from './pkcs11-uri';

/** The PIN a `pkcs11:` URI carries: pin-value, or the contents of a pin-source `file:` (one trailing newline dropped). */
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
