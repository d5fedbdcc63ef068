/**
 * `scheme://host[:port]` of a URL, or null when it does not parse. Not `URL.origin`: Node answers "null" for
 * non-special schemes such as our app://.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
