import zlib from 'node:zlib';
import { PdfDict, PdfName, PdfNewStream, type PdfRef, PdfString, type PdfValue } from './objects';
import { type TrueTypeFont } from './truetype-font';

export interface AppearanceObjects {
  /** The form XObject for the widget's /AP /N. */
  formRef: PdfRef;
  objects: Array<{ ref: PdfRef; value: PdfValue }>;
}

export interface AppearanceInput {
  font: TrueTypeFont;
  lines: readonly string[];
  /** Size as the reader sees it (before the page's /Rotate). */
  width: number;
  height: number;
  /** The page's /Rotate: the form is turned so the text reads upright on screen. */
  rotate: 0 | 90 | 180 | 270;
  allocate: () => PdfRef;
}

const MATRIX: Record<0 | 90 | 180 | 270, number[]> = {
  0: [1, 0, 0, 1, 0, 0],
  90: [0, 1, -1, 0, 0, 0],
  180: [-1, 0, 0, -1, 0, 0],
  270: [0, -1, 1, 0, 0, 0],
};

const num = (value: number): string => (Math.round(value * 1000) / 1000).toString();

function toUnicodeCMap(map: Map<number, string>): Buffer {
  const entries = [...map].sort((a, b) => a[0] - b[0]);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.map(([gid, text]) => `<${gid.toString(16).padStart(4, '0')}> <${Buffer.from(text, 'utf16le').swap16().toString('hex')}>`).join('\n')}\nendbfchar`);
  }
  return Buffer.from(
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
      '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
      `${chunks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`,
    'latin1',
  );
}

/**
 * A visible signature's appearance: a framed box with the caller's lines of text in an embedded subset of the
 * font (Type0 / CIDFontType2, Identity-H, ToUnicode so the text can be copied and searched).
 */
export function buildSignatureAppearance(input: AppearanceInput): AppearanceObjects {
  const { font, width, height } = input;
  const lines = input.lines.map((line) => line.replace(/[\r\n\t]+/g, ' ').trim()).filter((line) => line !== '');
  const used = new Map<number, string>();
  const encoded = lines.map((line) => {
    let hex = '';
    let units = 0;
    for (const ch of line) {
      const glyph = font.glyphFor(ch.codePointAt(0)!);
      if (glyph !== 0 && !used.has(glyph)) used.set(glyph, ch);
      hex += glyph.toString(16).padStart(4, '0');
      units += font.advance(glyph);
    }
    return { hex, widthAtOne: units / font.unitsPerEm };
  });
  const padding = Math.min(4, width / 10, height / 10);
  const leading = 1.2;
  const widest = Math.max(0, ...encoded.map((line) => line.widthAtOne));
  let size = Math.min(11, lines.length === 0 ? 11 : (height - 2 * padding) / (lines.length * leading));
  if (widest > 0) size = Math.min(size, (width - 2 * padding) / widest);
  size = Math.max(size, 1);
  const ascent = (font.ascent / font.unitsPerEm) * size;
  const blockHeight = lines.length * size * leading;
  let y = height - padding - Math.max(0, (height - 2 * padding - blockHeight) / 2) - ascent;
  const ops: string[] = ['q', '0.12 0.23 0.54 RG', '0.8 w', `0.4 0.4 ${num(width - 0.8)} ${num(height - 0.8)} re S`, 'BT', '0.08 0.12 0.3 rg'];
  for (const line of encoded) {
    ops.push(`/F1 ${num(size)} Tf 1 0 0 1 ${num(padding)} ${num(y)} Tm <${line.hex}> Tj`);
    y -= size * leading;
  }
  ops.push('ET', 'Q');

  const subset = font.subset(used.keys());
  const baseFont = new PdfName(`${subset.tag}+${font.postScriptName}`);
  const scale = 1000 / font.unitsPerEm;
  const fontFileRef = input.allocate();
  const descriptorRef = input.allocate();
  const cidFontRef = input.allocate();
  const toUnicodeRef = input.allocate();
  const type0Ref = input.allocate();
  const formRef = input.allocate();
  const widths: PdfValue[] = [];
  for (const glyph of [...used.keys()].sort((a, b) => a - b)) widths.push(glyph, [Math.round(font.advance(glyph) * scale)]);

  const fontFile = new PdfNewStream(new PdfDict([['Length1', subset.data.length], ['Filter', new PdfName('FlateDecode')]]), zlib.deflateSync(subset.data));
  const descriptor = new PdfDict([
    ['Type', new PdfName('FontDescriptor')],
    ['FontName', baseFont],
    ['Flags', 32],
    ['FontBBox', font.bbox.map((v) => Math.round(v * scale))],
    ['ItalicAngle', 0],
    ['Ascent', Math.round(font.ascent * scale)],
    ['Descent', Math.round(font.descent * scale)],
    ['CapHeight', Math.round(font.capHeight * scale)],
    ['StemV', 80],
    ['FontFile2', fontFileRef],
  ]);
  const cidFont = new PdfDict([
    ['Type', new PdfName('Font')],
    ['Subtype', new PdfName('CIDFontType2')],
    ['BaseFont', baseFont],
    ['CIDSystemInfo', new PdfDict([['Registry', new PdfString(Buffer.from('Adobe'), false)], ['Ordering', new PdfString(Buffer.from('Identity'), false)], ['Supplement', 0]])],
    ['FontDescriptor', descriptorRef],
    ['DW', Math.round(font.advance(0) * scale)],
    ['W', widths],
    ['CIDToGIDMap', new PdfName('Identity')],
  ]);
  const type0 = new PdfDict([
    ['Type', new PdfName('Font')],
    ['Subtype', new PdfName('Type0')],
    ['BaseFont', baseFont],
    ['Encoding', new PdfName('Identity-H')],
    ['DescendantFonts', [cidFontRef]],
    ['ToUnicode', toUnicodeRef],
  ]);
  const form = new PdfNewStream(
    new PdfDict([
      ['Type', new PdfName('XObject')],
      ['Subtype', new PdfName('Form')],
      ['FormType', 1],
      ['BBox', [0, 0, width, height]],
      ['Matrix', MATRIX[input.rotate]],
      ['Resources', new PdfDict([['Font', new PdfDict([['F1', type0Ref]])], ['ProcSet', [new PdfName('PDF'), new PdfName('Text')]]])],
      ['Filter', new PdfName('FlateDecode')],
    ]),
    zlib.deflateSync(Buffer.from(ops.join('\n'), 'latin1')),
  );
  return {
    formRef,
    objects: [
      { ref: fontFileRef, value: fontFile },
      { ref: descriptorRef, value: descriptor },
      { ref: cidFontRef, value: cidFont },
      { ref: toUnicodeRef, value: new PdfNewStream(new PdfDict([['Filter', new PdfName('FlateDecode')]]), zlib.deflateSync(toUnicodeCMap(used))) },
      { ref: type0Ref, value: type0 },
      { ref: formRef, value: form },
    ],
  };
}
