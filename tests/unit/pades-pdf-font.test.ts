import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfDict, type PdfName, type PdfNewStream, PdfRef } from '../../main/core/formats/pades/pdf/objects';
import { buildSignatureAppearance } from '../../main/core/formats/pades/pdf/signature-appearance';
import { defaultSignatureFontPath, loadSignatureFont } from '../../main/core/formats/pades/pdf/signature-font';
import { TrueTypeFont } from '../../main/core/formats/pades/pdf/truetype-font';

const ROOT = path.resolve(import.meta.dirname, '../..');

function checksumOf(data: Buffer): number {
  let sum = 0;
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

describe('the bundled signature font and its subset', () => {
  it('finds resources/fonts/DejaVuSans.ttf with its licence', () => {
    expect(defaultSignatureFontPath()).toBe(path.join(ROOT, 'resources', 'fonts', 'DejaVuSans.ttf'));
    expect(fs.readFileSync(path.join(ROOT, 'resources', 'fonts', 'LICENSE-DejaVu.txt'), 'utf8')).toContain('Bitstream Vera');
  });

  it('maps Ukrainian and Russian letters to glyphs with widths', () => {
    const font = loadSignatureFont();
    expect(font.unitsPerEm).toBe(2048);
    for (const ch of 'ІіЇїЄєҐґЁёЫыЭэЪъ«»№') {
      const glyph = font.glyphFor(ch.codePointAt(0)!);
      expect(glyph, ch).toBeGreaterThan(0);
      expect(font.advance(glyph), ch).toBeGreaterThan(0);
    }
    expect(font.glyphFor(0x10ffff)).toBe(0);
  });

  it('keeps only the glyphs used (plus composite parts and .notdef), at their ids, in a valid font file', () => {
    const font = loadSignatureFont();
    const used = [...'Їжак Ёж'].map((ch) => font.glyphFor(ch.codePointAt(0)!));
    const { data, tag } = font.subset(used);
    expect(tag).toMatch(/^[A-Z]{6}$/);
    expect(data.length).toBeLessThan(font.data.length / 5);
    expect(checksumOf(data)).toBe(0xb1b0afba);
    const subset = new TrueTypeFontWithoutCmap(data);
    expect(subset.numGlyphs).toBe(font.numGlyphs);
    // The space has no outline in any font; every letter keeps its outline.
    for (const glyph of used.filter((g) => g !== font.glyphFor(0x20))) expect(subset.glyphLength(glyph), `glyph ${glyph}`).toBeGreaterThan(0);
    const unused = font.glyphFor('Z'.codePointAt(0)!);
    expect(subset.glyphLength(unused)).toBe(0);
  });

  it('builds the appearance objects: a form XObject and a Type0 font with ToUnicode', () => {
    let next = 100;
    const appearance = buildSignatureAppearance({ font: loadSignatureFont(), lines: ['Підписано: Іваненко', 'ЄДРПОУ 41234567'], width: 200, height: 50, rotate: 90, allocate: () => new PdfRef(next++, 0) });
    expect(appearance.objects).toHaveLength(6);
    const form = appearance.objects.find((o) => o.ref === appearance.formRef)!.value as PdfNewStream;
    expect(form.dict.get('BBox')).toEqual([0, 0, 200, 50]);
    expect(form.dict.get('Matrix')).toEqual([0, 1, -1, 0, 0, 0]);
    const type0 = appearance.objects.map((o) => o.value).find((v) => v instanceof PdfDict && (v.get('Subtype') as PdfName | undefined)?.name === 'Type0') as PdfDict;
    expect((type0.get('Encoding') as PdfName).name).toBe('Identity-H');
    expect(type0.get('ToUnicode')).toBeInstanceOf(PdfRef);
  });
});

/** Reads glyf/loca of a subset (which has no cmap, as a PDF FontFile2 for Identity CIDs needs none). */
class TrueTypeFontWithoutCmap {
  readonly numGlyphs: number;
  private readonly loca: Buffer;

  constructor(data: Buffer) {
    const tables = new Map<string, Buffer>();
    for (let i = 0; i < data.readUInt16BE(4); i++) {
      const at = 12 + i * 16;
      tables.set(data.toString('latin1', at, at + 4), data.subarray(data.readUInt32BE(at + 8), data.readUInt32BE(at + 8) + data.readUInt32BE(at + 12)));
    }
    expect([...tables.keys()].sort()).toEqual(['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep']);
    expect(tables.get('head')!.readInt16BE(50)).toBe(1);
    this.numGlyphs = tables.get('maxp')!.readUInt16BE(4);
    this.loca = tables.get('loca')!;
    expect(() => new TrueTypeFont(data)).toThrow(/cmap/);
  }

  glyphLength(glyph: number): number {
    return this.loca.readUInt32BE(glyph * 4 + 4) - this.loca.readUInt32BE(glyph * 4);
  }
}
