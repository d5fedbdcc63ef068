import { describe, expect, it } from 'vitest';
import { assertSaneDer } from '../../main/core/crypto';
import { DEFAULT_PDF_LIMITS } from '../../main/core/formats/pades/pdf/limits';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from '../../main/core/formats/pades/pdf/objects';
import { formatPdfDate, parsePdfDate } from '../../main/core/formats/pades/pdf/pdf-date';
import { NeedMoreData, PdfParser } from '../../main/core/formats/pades/pdf/pdf-parser';
import { serialize, serializeIndirect } from '../../main/core/formats/pades/pdf/serialize';
import { decodeTextString, textString } from '../../main/core/formats/pades/pdf/text-string';
import { codeOf } from '../helpers/outcome';

const parse = (text: string | Buffer, complete = true): PdfValue => new PdfParser(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'), 0, complete, DEFAULT_PDF_LIMITS).parseValue();

describe('PDF object parser', () => {
  it('reads numbers, booleans, null and references', () => {
    expect(parse('42')).toBe(42);
    expect(parse('-17')).toBe(-17);
    expect(parse('+3.5')).toBe(3.5);
    expect(parse('.25')).toBe(0.25);
    expect(parse('-.002')).toBe(-0.002);
    expect(parse('4.')).toBe(4);
    expect(parse('true')).toBe(true);
    expect(parse('null')).toBe(null);
    expect(parse('12 0 R')).toEqual(new PdfRef(12, 0));
    expect(parse('[1 2 R 3 4 5 R 6]')).toEqual([new PdfRef(1, 2), 3, new PdfRef(4, 5), 6]);
  });

  it('keeps "1 2 R" apart from "1 2 3"', async () => {
    expect(parse('[1 2 R]')).toEqual([new PdfRef(1, 2)]);
    expect(parse('[1 2 3]')).toEqual([1, 2, 3]);
    expect(await codeOf(() => parse('[1 -2 R]'))).toBe('ERR_PDF_MALFORMED');
  });

  it('decodes names with #xx escapes', () => {
    expect(parse('/Type')).toEqual(new PdfName('Type'));
    expect(parse('/A#20B#2FC')).toEqual(new PdfName('A B/C'));
    expect(parse('/Lime#20Green')).toEqual(new PdfName('Lime Green'));
    expect(parse('/#D0#86')).toEqual(new PdfName(Buffer.from('І', 'utf8').toString('latin1')));
  });

  it('reads literal strings: escapes, octal, balanced parentheses, line continuation, end-of-line normalisation', () => {
    const bytes = (value: PdfValue): string => (value as PdfString).bytes.toString('latin1');
    expect(bytes(parse('(a\\(b\\)c)'))).toBe('a(b)c');
    expect(bytes(parse('(nested (parens) ok)'))).toBe('nested (parens) ok');
    expect(bytes(parse('(\\101\\7\\0053)'))).toBe('A\x07\x053');
    expect(bytes(parse('(line\\\ncontinued)'))).toBe('linecontinued');
    expect(bytes(parse('(a\r\nb\rc)'))).toBe('a\nb\nc');
    expect(bytes(parse('(\\n\\r\\t\\b\\f\\\\\\q)'))).toBe('\n\r\t\b\f\\q');
  });

  it('reads hex strings with whitespace and an odd digit count, and records where a string sits', () => {
    const value = parse('  <41 42\n43 4>') as PdfString;
    expect(value.bytes).toEqual(Buffer.from([0x41, 0x42, 0x43, 0x40]));
    expect(value.hex).toBe(true);
    expect([value.start, value.end]).toEqual([2, 14]);
  });

  it('reads dictionaries and arrays, skipping comments; a null value means an absent key', () => {
    const dict = parse('<< /Type /Page % a comment\n /Kids [ 1 0 R 2 0 R ] /Gone null /Sub << /X 1.5 >> >>') as PdfDict;
    expect([...dict.map.keys()]).toEqual(['Type', 'Kids', 'Sub']);
    expect(dict.get('Kids')).toEqual([new PdfRef(1, 0), new PdfRef(2, 0)]);
    expect((dict.get('Sub') as PdfDict).get('X')).toBe(1.5);
  });

  it('reads an indirect object header and finds where stream data starts', () => {
    const parser = new PdfParser(Buffer.from('\n7 0 obj\n<< /Length 5 >>\nstream\r\nhello\nendstream\nendobj', 'latin1'), 100, true, DEFAULT_PDF_LIMITS);
    const object = parser.parseIndirectObject();
    expect([object.num, object.gen]).toEqual([7, 0]);
    expect(object.streamDataOffset).toBe(100 + '\n7 0 obj\n<< /Length 5 >>\nstream\r\n'.length);
  });

  it('asks for more data when the window ends inside the syntax, and refuses malformed input with codes', async () => {
    expect(() => parse('<< /Type /Pa', false)).toThrow(NeedMoreData);
    expect(() => parse('(unterminated', false)).toThrow(NeedMoreData);
    expect(await codeOf(() => parse('<< /Type /Page'))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => parse('(never closed'))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => parse('<< 1 2 >>'))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => parse(')'))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => parse('<zz>'))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => new PdfParser(Buffer.from('x 0 obj 1'), 0, true, DEFAULT_PDF_LIMITS).parseIndirectObject())).toBe('ERR_PDF_MALFORMED');
  });

  it('bounds nesting depth and collection size', async () => {
    expect(await codeOf(() => parse('['.repeat(500) + ']'.repeat(500)))).toBe('ERR_PDF_LIMIT_EXCEEDED');
    const small = { ...DEFAULT_PDF_LIMITS, maxCollectionItems: 10 };
    expect(await codeOf(() => new PdfParser(Buffer.from(`[${'1 '.repeat(11)}]`), 0, true, small).parseValue())).toBe('ERR_PDF_LIMIT_EXCEEDED');
  });
});

describe('PDF serialisation', () => {
  it('writes values that parse back to the same values', () => {
    const value = new PdfDict([
      ['Type', new PdfName('Annot')],
      ['Odd Name/#', new PdfName('A B(C)')],
      ['Rect', [0, -1.5, 595.276, 841.89]],
      ['T', new PdfString(Buffer.from('Sig (1) \\ x'), false)],
      ['Bin', new PdfString(Buffer.from([0, 255, 10]), false)],
      ['P', new PdfRef(3, 0)],
      ['Flags', [true, false, null]],
    ]);
    const text = serialize(value);
    const back = parse(text) as PdfDict;
    expect(serialize(back)).toBe(text);
    expect((back.get('T') as PdfString).bytes.toString()).toBe('Sig (1) \\ x');
    expect((back.get('Odd Name/#') as PdfName).name).toBe('A B(C)');
    expect(back.get('Rect')).toEqual([0, -1.5, 595.276, 841.89]);
  });

  it('writes no exponents and a stream with its /Length', () => {
    expect(serialize(0.0000001)).toBe('0');
    expect(serialize(1e21 / 1e15)).toBe('1000000');
    expect(serialize(-0.5)).toBe('-0.5');
    const bytes = serializeIndirect(new PdfRef(5, 0), new PdfDict([['A', 1]])).toString('latin1');
    expect(bytes).toBe('5 0 obj\n<</A 1>>\nendobj\n');
  });
});

describe('PDF text strings and dates', () => {
  it('writes ASCII as is and anything else as UTF-16BE with a BOM, and reads both back', () => {
    expect(textString('Signature1').bytes.toString('latin1')).toBe('Signature1');
    const cyrillic = textString('Підпис «ТОВ»');
    expect([...cyrillic.bytes.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(decodeTextString(cyrillic)).toBe('Підпис «ТОВ»');
    expect(decodeTextString(new PdfString(Buffer.from([0x41, 0x80, 0x96]), false))).toBe('A\u2022\u0152');
    expect(decodeTextString(new PdfString(Buffer.from('\ufeffЁлка', 'utf8'), false))).toBe('Ёлка');
  });

  it("formats /M as D:YYYYMMDDHHmmSS+HH'mm' and parses the forms readers meet", () => {
    const when = new Date('2026-01-31T22:30:05Z');
    expect(formatPdfDate(when, 120)).toBe("D:20260201003005+02'00'");
    expect(formatPdfDate(when, -330)).toBe("D:20260131170005-05'30'");
    expect(formatPdfDate(when, 0)).toBe("D:20260131223005+00'00'");
    expect(parsePdfDate("D:20260201003005+02'00'")?.toISOString()).toBe(when.toISOString());
    expect(parsePdfDate('D:20260131223005Z')?.toISOString()).toBe(when.toISOString());
    expect(parsePdfDate("D:20260131170005-05'30")?.toISOString()).toBe(when.toISOString());
    expect(parsePdfDate('D:2026')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsePdfDate('yesterday')).toBeUndefined();
  });
});

const berElementLength = (bytes: Uint8Array): number =>
  assertSaneDer(bytes, { code: 'ERR_PDF_MALFORMED', what: 'signature CMS', allowIndefinite: true, allowTrailing: true, maxDepth: 64 });

describe('BER/DER element length of a zero-padded /Contents (the DER guard, as the signature reader calls it)', () => {
  it('measures definite short and long forms, and indefinite forms by walking them', async () => {
    expect(berElementLength(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05, 0, 0, 0]))).toBe(5);
    const long = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00, 0x04, 0x81, 0xfd]), Buffer.alloc(253, 1), Buffer.alloc(100)]);
    expect(berElementLength(long)).toBe(260);
    const indefinite = Buffer.from([0x30, 0x80, 0xa0, 0x80, 0x04, 0x01, 0x07, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0, 0, 0]);
    expect(berElementLength(indefinite)).toBe(14);
    expect(await codeOf(() => berElementLength(Buffer.from([0x30, 0x82, 0x01, 0x00, 1, 2])))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => berElementLength(Buffer.from([0x30, 0x80, 0x02, 0x01])))).toBe('ERR_PDF_MALFORMED');
  });
});
