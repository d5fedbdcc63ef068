/** Bytes left for the name so `<name>.p7s` fits the 255-byte file name limit of common file systems. */
const MAX_NAME_BYTES = 180;

/**
 * A file name a caller sent, made safe to create: no folders, no control or reserved characters, no leading dots,
 * at most 180 UTF-8 bytes (cut at a character boundary); empty becomes `document`.
 */
export function documentName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  let name = '';
  let bytes = 0;
  for (const char of cleaned) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > MAX_NAME_BYTES) break;
    name += char;
    bytes += size;
  }
  return name.length > 0 ? name : 'document';
}
