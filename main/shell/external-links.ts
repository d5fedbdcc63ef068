import { shell } from 'electron';

/** The only places `shell.openExternal` may open: our project pages and the CAs' public sites. */
const ALLOWED_EXTERNAL_ORIGINS = new Set(['https://github.com', 'https://www.opensc-project.org', 'https://czo.gov.ua']);

export function openExternalIfAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || !ALLOWED_EXTERNAL_ORIGINS.has(parsed.origin)) return false;
  void shell.openExternal(parsed.toString()); // eng-disable OPEN_EXTERNAL_JS_CHECK -- https only, origins on the allowlist above
  return true;
}
