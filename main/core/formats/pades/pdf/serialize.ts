import { PdfDict, PdfName, PdfNewStream, PdfRaw, PdfRef, PdfStream, PdfString, type PdfValue } from './objects';

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a PDF number: ${value}`);
  if (Number.isInteger(value)) return String(value);
  // PDF has no exponent notation; 6 decimals is finer than any device space.
  const fixed = value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

function formatName(value: string): string {
  let out = '/';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i]!;
    if (code < 0x21 || code > 0x7e || '()<>[]{}/%#'.includes(ch)) out += `#${code.toString(16).padStart(2, '0').toUpperCase()}`;
    else out += ch;
  }
  return out;
}

/**
 * A value as PDF syntax in a latin1 string (every byte one char). Printable ASCII strings read as literal strings
 * are written as such, any other string as hex; streams are written by the object writer, not here.
 */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PdfName) return formatName(value.name);
  if (value instanceof PdfString) {
    if (!value.hex && value.bytes.every((b) => b >= 0x20 && b <= 0x7e)) return `(${value.bytes.toString('latin1').replace(/[()\\]/g, '\\$&')})`;
    return `<${value.bytes.toString('hex').toUpperCase()}>`;
  }
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfRaw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  if (value instanceof PdfDict) {
    const parts: string[] = [];
    for (const [key, item] of value.map) parts.push(`${formatName(key)} ${serialize(item)}`);
    return `<<${parts.join(' ')}>>`;
  }
  if (value instanceof PdfStream || value instanceof PdfNewStream) throw new TypeError('a stream can only be an indirect object');
  throw new TypeError('unknown PDF value');
}

/** `n g obj … endobj` with a trailing newline, as bytes; streams get their /Length. */
export function serializeIndirect(ref: PdfRef, value: PdfValue): Buffer {
  const head = `${ref.num} ${ref.gen} obj\n`;
  if (value instanceof PdfNewStream) {
    const dict = value.dict.clone().set('Length', value.data.length);
    return Buffer.concat([Buffer.from(`${head}${serialize(dict)}\nstream\n`, 'latin1'), value.data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
  }
  return Buffer.from(`${head}${serialize(value)}\nendobj\n`, 'latin1');
}
