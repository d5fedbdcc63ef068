import { SigndeskError } from '../../../preload/contract/errors';

/**
 * The canonical form of an `Origin` header (`https://example.com`, `http://127.0.0.1:8080`), or an error for
 * anything a page cannot be identified by: `null` (sandboxed frames, file: pages, some redirects), other
 * schemes, paths, user info.
 */
export function parseOrigin(header: string): string {
  if (header === 'null') throw new SigndeskError('ERR_ORIGIN_REFUSED', 'Origin: null cannot be identified (sandboxed frame, file: page or redirect)');
  let url: URL;
  try {
    url = new URL(header);
  } catch {
    throw new SigndeskError('ERR_ORIGIN_REFUSED', 'The Origin header is not an origin');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== header.toLowerCase().replace(/\/$/, '') || url.username || url.password) {
    throw new SigndeskError('ERR_ORIGIN_REFUSED', 'The Origin header must be an http(s) origin: scheme://host[:port]');
  }
  return url.origin;
}
