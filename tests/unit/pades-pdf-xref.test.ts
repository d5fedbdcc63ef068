import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStream, unpredict } from '../../main/core/formats/pades/pdf/decode-stream';
import { buildIncrementalUpdate } from '../../main/core/formats/pades/pdf/incremental-update';
import { DEFAULT_PDF_LIMITS } from '../../main/core/formats/pades/pdf/limits';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../main/core/formats/pades/pdf/objects';
import { PdfReader } from '../../main/core/formats/pades/pdf/pdf-reader';
import { codeOf } from '../helpers/outcome';
import { assembleClassicPdf, hybridPdf } from '../helpers/pdf-fixtures';

/** PNG-filters rows the way an encoder would (type per row), for the decoder to undo. */
function pngEncode(rows: Buffer[], bpp: number, types: number[]): Buffer {
  const out: Buffer[] = [];
  let prev: Buffer = Buffer.alloc(rows[0]!.length);
  rows.forEach((row, r) => {
    const type = types[r % types.length]!;
    const enc = Buffer.alloc(row.length);
    for (let i = 0; i < row.length; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predicted = [0, left, up, (left + up) >> 1, paeth][type]!;
      enc[i] = (row[i]! - predicted) & 0xff;
    }
    out.push(Buffer.from([type]), enc);
    prev = row;
  });
  return Buffer.concat(out);
}

describe('stream decoding for xref and object streams', () => {
  const rows = Array.from({ length: 9 }, (_, r) => Buffer.from([1, (r * 37) & 0xff, (r * 91) & 0xff, 0, r, 200 - r, 7]));
  const plain = Buffer.concat(rows);

  it('undoes every PNG predictor row type', () => {
    const parms = new PdfDict([['Predictor', 12], ['Columns', 7]]);
    expect(unpredict(pngEncode(rows, 1, [0, 1, 2, 3, 4]), parms)).toEqual(plain);
    const twoColors = new PdfDict([['Predictor', 15], ['Columns', 7], ['Colors', 1], ['BitsPerComponent', 8]]);
    expect(unpredict(pngEncode(rows, 1, [4, 3, 2, 1]), twoColors)).toEqual(plain);
  });

  it('undoes the TIFF predictor and passes data through without a predictor', () => {
    const tiff = Buffer.from(plain);
    for (let r = 0; r < rows.length; r++) for (let i = 6; i >= 1; i--) tiff[r * 7 + i] = (tiff[r * 7 + i]! - tiff[r * 7 + i - 1]!) & 0xff;
    expect(unpredict(tiff, new PdfDict([['Predictor', 2], ['Columns', 7]]))).toEqual(plain);
    expect(unpredict(plain, undefined)).toBe(plain);
  });

  it('inflates FlateDecode with its predictor, bounded', async () => {
    const dict = new PdfDict([['Filter', new PdfName('FlateDecode')], ['DecodeParms', new PdfDict([['Predictor', 12], ['Columns', 7]])]]);
    expect(decodeStream(dict, zlib.deflateSync(pngEncode(rows, 1, [2])), DEFAULT_PDF_LIMITS)).toEqual(plain);
    const bomb = zlib.deflateSync(Buffer.alloc(4 * 1024 * 1024));
    expect(await codeOf(() => decodeStream(new PdfDict([['Filter', new PdfName('FlateDecode')]]), bomb, { maxDecodedStreamBytes: 1024 * 1024 }))).toBe('ERR_PDF_LIMIT_EXCEEDED');
    expect(await codeOf(() => decodeStream(new PdfDict([['Filter', new PdfName('FlateDecode')]]), Buffer.from('not zlib'), DEFAULT_PDF_LIMITS))).toBe('ERR_PDF_MALFORMED');
    expect(await codeOf(() => decodeStream(new PdfDict([['Filter', new PdfName('LZWDecode')]]), plain, DEFAULT_PDF_LIMITS))).toBe('ERR_PDF_MALFORMED');
  });
});

describe('cross-reference sections and incremental updates', () => {
  let dir: string;
  const file = (name: string): string => path.join(dir, name);
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pades-pdf-xref-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base = (): Buffer =>
    assembleClassicPdf(
      [
        { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
        { num: 2, body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
        { num: 3, body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Note (first) >>' },
      ],
      '/Root 1 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]',
    ).bytes;

  async function appendUpdate(src: Buffer, target: string, objects: Array<{ ref: PdfRef; value: PdfDict }>): Promise<Buffer> {
    fs.writeFileSync(target, src);
    const reader = await PdfReader.open(target);
    const update = buildIncrementalUpdate({
      baseOffset: src.length,
      endsWithEol: true,
      objects,
      previousKind: reader.sections[0]!.kind,
      previousStartxref: reader.startxref,
      previousTrailer: reader.trailer,
      previousSize: reader.xref.size,
    });
    await reader.close();
    const bytes = Buffer.concat([src, update.bytes]);
    fs.writeFileSync(target, bytes);
    return update.bytes;
  }

  it('writes a classic table after a table: 20-byte entries, subsections, /Prev, /ID kept, newest object wins', async () => {
    const src = base();
    const update = await appendUpdate(src, file('table.pdf'), [
      { ref: new PdfRef(3, 0), value: new PdfDict([['Type', new PdfName('Page')], ['Parent', new PdfRef(2, 0)], ['Note', new PdfString(Buffer.from('second'), false)]]) },
      { ref: new PdfRef(4, 0), value: new PdfDict([['Extra', 1]]) },
      { ref: new PdfRef(6, 0), value: new PdfDict([['Extra', 2]]) },
    ]);
    const text = update.toString('latin1');
    expect(text).toMatch(/xref\n3 2\n\d{10} 00000 n\r\n\d{10} 00000 n\r\n6 1\n\d{10} 00000 n\r\ntrailer/);
    const reader = await PdfReader.open(file('table.pdf'));
    try {
      await reader.checkXref();
      expect(reader.sections.map((s) => s.kind)).toEqual(['table', 'table']);
      expect(reader.trailer.get('Prev')).toBe(reader.sections[1]!.offset);
      expect(reader.trailer.get('Size')).toBe(7);
      const id = reader.trailer.get('ID') as PdfString[];
      expect(id[0]!.bytes.toString('hex')).toBe('00112233445566778899aabbccddeeff');
      expect(id[1]!.bytes.toString('hex')).not.toBe('00112233445566778899aabbccddeeff');
      const page = (await reader.view.get(new PdfRef(3, 0))) as PdfDict;
      expect((page.get('Note') as PdfString).bytes.toString()).toBe('second');
      const old = (await reader.viewAt(1).get(new PdfRef(3, 0))) as PdfDict;
      expect((old.get('Note') as PdfString).bytes.toString()).toBe('first');
      expect(reader.sections.map((s) => s.end)).toEqual([fs.statSync(file('table.pdf')).size, src.length]);
    } finally {
      await reader.close();
    }
  });

  it('writes a cross-reference stream after a stream, which indexes itself', async () => {
    const src = base();
    // First an xref-stream revision written by hand (a stream-based file), then our update after it.
    fs.writeFileSync(file('stream-src.pdf'), src);
    const reader = await PdfReader.open(file('stream-src.pdf'));
    const first = buildIncrementalUpdate({
      baseOffset: src.length,
      endsWithEol: true,
      objects: [{ ref: new PdfRef(4, 0), value: new PdfDict([['A', 1]]) }],
      previousKind: 'stream',
      previousStartxref: reader.startxref,
      previousTrailer: reader.trailer,
      previousSize: reader.xref.size,
    });
    await reader.close();
    await appendUpdate(Buffer.concat([src, first.bytes]), file('stream.pdf'), [{ ref: new PdfRef(7, 0), value: new PdfDict([['B', 2]]) }]);
    const out = await PdfReader.open(file('stream.pdf'));
    try {
      await out.checkXref();
      expect(out.sections.map((s) => s.kind)).toEqual(['stream', 'stream', 'table']);
      expect(out.sections[0]!.xrefStreamObjects).toEqual([8]);
      expect(((await out.view.get(new PdfRef(7, 0))) as PdfDict).get('B')).toBe(2);
      expect(((await out.view.get(new PdfRef(4, 0))) as PdfDict).get('A')).toBe(1);
      expect(out.trailer.get('Size')).toBe(9);
    } finally {
      await out.close();
    }
  });

  it('reads a hybrid file: the hidden stream supplies the compressed object the table marks free', async () => {
    fs.writeFileSync(file('hybrid.pdf'), hybridPdf());
    const reader = await PdfReader.open(file('hybrid.pdf'));
    try {
      expect(reader.sections).toHaveLength(1);
      expect(reader.sections[0]!.hybridStreamOffset).toBeGreaterThan(0);
      const page = (await reader.view.get(new PdfRef(3, 0))) as PdfDict;
      const resources = (await reader.view.resolve(page.get('Resources'))) as PdfDict;
      expect(resources.get('Font')).toBeInstanceOf(PdfDict);
    } finally {
      await reader.close();
    }
  });

  it('a free entry in a later section deletes the object', async () => {
    const src = base();
    fs.writeFileSync(file('free-src.pdf'), src);
    const text = src.toString('latin1');
    const xrefAt = text.lastIndexOf('\nxref\n') + 1;
    const update = `xref\n3 1\n0000000000 00001 f\r\ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${xrefAt} >>\nstartxref\n${src.length}\n%%EOF\n`;
    fs.writeFileSync(file('free.pdf'), Buffer.concat([src, Buffer.from(update, 'latin1')]));
    const reader = await PdfReader.open(file('free.pdf'));
    try {
      expect(await reader.view.get(new PdfRef(3, 0))).toBe(null);
      expect(await reader.viewAt(1).get(new PdfRef(3, 0))).toBeInstanceOf(PdfDict);
    } finally {
      await reader.close();
    }
  });
});
