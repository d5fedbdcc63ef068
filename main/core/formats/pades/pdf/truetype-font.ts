import { createHash } from 'node:crypto';
import { SigndeskError } from '../../../../../preload/contract/errors';

interface TableRecord {
  offset: number;
  length: number;
}

/** Tables a PDF FontFile2 needs for a CIDFontType2 (ISO 32000-1 §9.9): no cmap, the CID→GID map is Identity. */
const SUBSET_TABLES = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'];

function bad(message: string): SigndeskError {
  return new SigndeskError('ERR_INTERNAL', `font: ${message}`);
}

/** A TrueType font (glyf outlines): character → glyph, advance widths, metrics, and a glyph subset that keeps glyph ids. */
export class TrueTypeFont {
  private readonly tables = new Map<string, TableRecord>();
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  readonly ascent: number;
  readonly descent: number;
  readonly bbox: [number, number, number, number];
  readonly capHeight: number;
  readonly postScriptName: string;
  private readonly longLoca: boolean;
  private readonly numberOfHMetrics: number;
  private readonly cmap = new Map<number, number>();

  constructor(readonly data: Buffer) {
    if (data.length < 12) throw bad('file too short');
    const version = data.readUInt32BE(0);
    if (version !== 0x00010000 && version !== 0x74727565) throw bad('not a TrueType font');
    const count = data.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + i * 16;
      const tag = data.toString('latin1', at, at + 4);
      const offset = data.readUInt32BE(at + 8);
      const length = data.readUInt32BE(at + 12);
      if (offset + length > data.length) throw bad(`table ${tag} is out of bounds`);
      this.tables.set(tag, { offset, length });
    }
    for (const tag of ['head', 'hhea', 'hmtx', 'loca', 'glyf', 'maxp', 'cmap']) if (!this.tables.has(tag)) throw bad(`missing table ${tag}`);
    const head = this.table('head');
    this.unitsPerEm = head.readUInt16BE(18);
    this.bbox = [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)];
    this.longLoca = head.readInt16BE(50) === 1;
    this.numGlyphs = this.table('maxp').readUInt16BE(4);
    const hhea = this.table('hhea');
    this.ascent = hhea.readInt16BE(4);
    this.descent = hhea.readInt16BE(6);
    this.numberOfHMetrics = hhea.readUInt16BE(34);
    const os2 = this.tables.has('OS/2') ? this.table('OS/2') : undefined;
    this.capHeight = os2 !== undefined && os2.readUInt16BE(0) >= 2 && os2.length >= 90 ? os2.readInt16BE(88) : this.ascent;
    this.postScriptName = this.readPostScriptName() ?? 'Font';
    this.readCmap();
  }

  private table(tag: string): Buffer {
    const record = this.tables.get(tag);
    if (record === undefined) throw bad(`missing table ${tag}`);
    return this.data.subarray(record.offset, record.offset + record.length);
  }

  private readPostScriptName(): string | undefined {
    if (!this.tables.has('name')) return undefined;
    const name = this.table('name');
    const count = name.readUInt16BE(2);
    const strings = name.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const at = 6 + i * 12;
      if (name.readUInt16BE(at + 6) !== 6) continue;
      const platform = name.readUInt16BE(at);
      const length = name.readUInt16BE(at + 8);
      const offset = strings + name.readUInt16BE(at + 10);
      const raw = name.subarray(offset, offset + length);
      const text = platform === 3 || platform === 0 ? Buffer.from(raw).swap16().toString('utf16le') : raw.toString('latin1');
      const clean = text.replace(/[^\x21-\x7e]/g, '').replace(/[[\](){}<>/%]/g, '');
      if (clean !== '') return clean;
    }
    return undefined;
  }

  private readCmap(): void {
    const cmap = this.table('cmap');
    const count = cmap.readUInt16BE(2);
    let format4: number | undefined;
    let format12: number | undefined;
    for (let i = 0; i < count; i++) {
      const platform = cmap.readUInt16BE(4 + i * 8);
      const encoding = cmap.readUInt16BE(6 + i * 8);
      const offset = cmap.readUInt32BE(8 + i * 8);
      const format = cmap.readUInt16BE(offset);
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode) continue;
      if (format === 12) format12 = offset;
      if (format === 4) format4 = offset;
    }
    if (format12 !== undefined) {
      const groups = cmap.readUInt32BE(format12 + 12);
      for (let g = 0; g < groups; g++) {
        const at = format12 + 16 + g * 12;
        const start = cmap.readUInt32BE(at);
        const end = cmap.readUInt32BE(at + 4);
        const glyph = cmap.readUInt32BE(at + 8);
        for (let c = start; c <= end && c <= 0x10ffff; c++) this.cmap.set(c, glyph + (c - start));
      }
      return;
    }
    if (format4 === undefined) throw bad('no Unicode cmap');
    const segCount = cmap.readUInt16BE(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = cmap.readUInt16BE(ends + s * 2);
      const start = cmap.readUInt16BE(starts + s * 2);
      const delta = cmap.readInt16BE(deltas + s * 2);
      const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) {
          glyph = (c + delta) & 0xffff;
        } else {
          const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
          const raw = at + 2 <= cmap.length ? cmap.readUInt16BE(at) : 0;
          glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (glyph !== 0) this.cmap.set(c, glyph);
      }
    }
  }

  /** The glyph for a code point (0 = .notdef when the font lacks it). */
  glyphFor(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  /** Advance width in font units. */
  advance(glyph: number): number {
    const hmtx = this.table('hmtx');
    const index = Math.min(glyph, this.numberOfHMetrics - 1);
    return hmtx.readUInt16BE(index * 4);
  }

  private glyphRange(glyph: number): [number, number] {
    const loca = this.table('loca');
    if (this.longLoca) return [loca.readUInt32BE(glyph * 4), loca.readUInt32BE(glyph * 4 + 4)];
    return [loca.readUInt16BE(glyph * 2) * 2, loca.readUInt16BE(glyph * 2 + 2) * 2];
  }

  /** Glyphs a composite glyph is built from. */
  private components(glyph: number): number[] {
    const [start, end] = this.glyphRange(glyph);
    if (end - start < 10) return [];
    const glyf = this.table('glyf');
    if (glyf.readInt16BE(start) >= 0) return [];
    const out: number[] = [];
    let at = start + 10;
    for (;;) {
      const flags = glyf.readUInt16BE(at);
      out.push(glyf.readUInt16BE(at + 2));
      at += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) at += 2;
      else if (flags & 0x0040) at += 4;
      else if (flags & 0x0080) at += 8;
      if (!(flags & 0x0020)) return out;
    }
  }

  /**
   * A font file with only `glyphs` (and the parts of composite glyphs, and .notdef) left in glyf; glyph ids are
   * kept, so the PDF can use CIDToGIDMap /Identity. Returns the file and a subset tag derived from the glyph set.
   */
  subset(glyphs: Iterable<number>): { data: Buffer; tag: string } {
    const keep = new Set<number>([0]);
    const queue = [...glyphs];
    while (queue.length > 0) {
      const glyph = queue.pop()!;
      if (glyph < 0 || glyph >= this.numGlyphs || keep.has(glyph)) continue;
      keep.add(glyph);
      queue.push(...this.components(glyph));
    }
    const glyf = this.table('glyf');
    const parts: Buffer[] = [];
    const loca = Buffer.alloc((this.numGlyphs + 1) * 4);
    let offset = 0;
    for (let glyph = 0; glyph < this.numGlyphs; glyph++) {
      loca.writeUInt32BE(offset, glyph * 4);
      if (!keep.has(glyph)) continue;
      const [start, end] = this.glyphRange(glyph);
      const body = glyf.subarray(start, end);
      const padded = Buffer.alloc((body.length + 3) & ~3);
      body.copy(padded);
      parts.push(padded);
      offset += padded.length;
    }
    loca.writeUInt32BE(offset, this.numGlyphs * 4);
    const head = Buffer.from(this.table('head'));
    head.writeUInt32BE(0, 8);
    head.writeInt16BE(1, 50);
    const replaced = new Map<string, Buffer>([
      ['glyf', Buffer.concat(parts)],
      ['loca', loca],
      ['head', head],
    ]);
    const tags = SUBSET_TABLES.filter((tag) => this.tables.has(tag));
    const data = this.assemble(tags.map((tag) => [tag, replaced.get(tag) ?? this.table(tag)]));
    const digest = createHash('sha256').update([...keep].sort((a, b) => a - b).join(',')).digest();
    const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
    return { data, tag };
  }

  private assemble(tables: Array<[string, Buffer]>): Buffer {
    const count = tables.length;
    const header = Buffer.alloc(12 + count * 16);
    header.writeUInt32BE(0x00010000, 0);
    header.writeUInt16BE(count, 4);
    let power = 1;
    let log = 0;
    while (power * 2 <= count) {
      power *= 2;
      log++;
    }
    header.writeUInt16BE(power * 16, 6);
    header.writeUInt16BE(log, 8);
    header.writeUInt16BE(count * 16 - power * 16, 10);
    const bodies: Buffer[] = [];
    let offset = header.length;
    tables.forEach(([tag, body], i) => {
      const padded = Buffer.alloc((body.length + 3) & ~3);
      body.copy(padded);
      const at = 12 + i * 16;
      header.write(tag, at, 'latin1');
      header.writeUInt32BE(checksum(padded), at + 4);
      header.writeUInt32BE(offset, at + 8);
      header.writeUInt32BE(body.length, at + 12);
      bodies.push(padded);
      offset += padded.length;
    });
    const file = Buffer.concat([header, ...bodies]);
    const headIndex = tables.findIndex(([tag]) => tag === 'head');
    if (headIndex >= 0) {
      const headOffset = header.readUInt32BE(12 + headIndex * 16 + 8);
      file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headOffset + 8);
    }
    return file;
  }
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 4 <= data.length; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  const rest = data.length % 4;
  if (rest !== 0) {
    const tail = Buffer.alloc(4);
    data.copy(tail, 0, data.length - rest);
    sum = (sum + tail.readUInt32BE(0)) >>> 0;
  }
  return sum;
}
