import { PdfString } from './objects';

/** A PDF text string (§7.9.2.2): ASCII as is, anything else as UTF-16BE with a byte order mark. */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(Buffer.from(text, 'latin1'), false);
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]), true);
}

/** PDFDocEncoding bytes 0x80–0x9F differ from latin1 (§D.2); the rest of the range used in practice matches it. */
const PDF_DOC_HIGH = '\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e\ufffd';

/** Decodes a PDF text string: UTF-16BE (with BOM), UTF-8 (PDF 2.0, with BOM) or PDFDocEncoding. */
export function decodeTextString(value: PdfString): string {
  const bytes = value.bytes;
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? PDF_DOC_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}
