/** What the application form's QR code carries: the CA's address and the reference number. */
export interface ApplicationQr {
  reference: string;
  caAddress?: string;
}

/**
 * Accepts the shapes CAs print: JSON (`{"ca": "...", "ref": "..."}`), a URL with `ref` / `reference` /
 * `id` in the query, or the bare reference.
 */
export function parseApplicationQr(text: string): ApplicationQr | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{')) {
    try {
      const data = JSON.parse(trimmed) as Record<string, unknown>;
      const reference = [data.ref, data.reference, data.id].find((value) => typeof value === 'string' && value.trim());
      const ca = [data.ca, data.caAddress, data.url].find((value) => typeof value === 'string' && value.trim());
      return typeof reference === 'string' ? { reference: reference.trim(), ...(typeof ca === 'string' ? { caAddress: ca.trim() } : {}) } : undefined;
    } catch {
      return undefined;
    }
  }
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      const reference = url.searchParams.get('ref') ?? url.searchParams.get('reference') ?? url.searchParams.get('id');
      return reference ? { reference, caAddress: `${url.origin}${url.pathname}` } : undefined;
    } catch {
      return undefined;
    }
  }
  return /^[\p{L}\p{N}/_.-]{1,64}$/u.test(trimmed) ? { reference: trimmed } : undefined;
}
