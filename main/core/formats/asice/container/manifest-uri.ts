import { malformed } from './container-errors';

/**
 * An entry name as the `URI` of a manifest reference: a relative reference from the container's root (RFC 3986),
 * each segment UTF-8 and percent-encoded except the unreserved characters, `/` kept between segments.
 * `акт 1.pdf` → `%D0%B0%D0%BA%D1%82%201.pdf`.
 */
export function entryNameToUri(name: string): string {
  return name
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * The entry name a manifest `URI` refers to. Producers differ: most percent-encode, some write names as they are
 * (spaces, Cyrillic), some prefix `./`. A scheme, a query, a fragment, an absolute path or invalid
 * percent-encoding is refused: a manifest reference names a file in the same container.
 */
export function uriToEntryName(uri: string): string {
  const refuse = (reason: string) => malformed(`manifest reference URI ${JSON.stringify(uri)}: ${reason}`, { part: 'manifest', uri, reason });
  if (uri.length === 0) throw refuse('empty');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) throw refuse('not a reference inside the container');
  if (uri.includes('#') || uri.includes('?')) throw refuse('a fragment or query');
  if (uri.startsWith('/')) throw refuse('an absolute path');
  let name: string;
  try {
    name = decodeURIComponent(uri);
  } catch {
    throw refuse('invalid percent-encoding');
  }
  while (name.startsWith('./')) name = name.slice(2);
  return name;
}
