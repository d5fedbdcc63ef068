import { SigndeskError } from '../../../../../preload/contract/errors';

/** The container breaks the ZIP or ASiC rules (truncated, inconsistent headers, wrong mimetype, bad manifest). */
export function malformed(message: string, details: Record<string, unknown> = {}, cause?: unknown): SigndeskError {
  return new SigndeskError('ERR_CONTAINER_MALFORMED', message, details, cause === undefined ? undefined : { cause });
}

/** The container tries something dangerous: path traversal, links, a decompression bomb, ambiguous names. */
export function unsafe(message: string, details: Record<string, unknown> = {}): SigndeskError {
  return new SigndeskError('ERR_CONTAINER_UNSAFE', message, details);
}

/** The container uses a ZIP feature Signdesk does not read: encryption, other compression methods, split archives. */
export function unsupported(message: string, details: Record<string, unknown> = {}): SigndeskError {
  return new SigndeskError('ERR_CONTAINER_UNSUPPORTED', message, details);
}
