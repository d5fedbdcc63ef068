import { decodeStream } from './decode-stream';
import { type FileSource } from './file-source';
import { type PdfLimits } from './limits';
import { PdfDict, type PdfValue, isInteger, isName } from './objects';
import { limitExceeded, malformed } from './pdf-error';
import { checkStreamEnd, parseAt, readIndirectAt } from './read-indirect';
import { ENTRY_COMPRESSED, ENTRY_FREE, ENTRY_IN_USE, XrefTable } from './xref-table';

/** One cross-reference section: the index of one revision (one incremental update or the original file). */
export interface XrefSection {
  /** Where `startxref` or `/Prev` pointed. */
  offset: number;
  /** A classic table (also when it carries /XRefStm: hybrid) or a cross-reference stream. */
  kind: 'table' | 'stream';
  /** A hybrid file's /XRefStm offset. */
  hybridStreamOffset: number | undefined;
  /** The trailer dictionary (for a stream: the stream's dictionary). */
  trailer: PdfDict;
  /** This section's entries (for a hybrid: the table's, completed by its /XRefStm stream's). */
  entries: XrefTable;
  /** The object number of the cross-reference stream(s) of this section, which are structure, not content. */
  xrefStreamObjects: number[];
  /** Just past this section's `%%EOF` line: where the revision ends; -1 when no `%%EOF` follows. */
  end: number;
}

const TAIL = 2048;

/** The offset `startxref` names near the end of the file (ISO 32000-1 §7.5.5). */
export async function findStartXref(source: FileSource): Promise<number> {
  const head = (await source.read(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw malformed('not a PDF file (no %PDF- header)');
  const tailStart = Math.max(0, source.size - TAIL);
  const tail = (await source.read(tailStart, TAIL)).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw malformed('no startxref near the end of the file: truncated or not a PDF');
  const match = /^startxref[\0\t\n\f\r ]+(\d+)/.exec(tail.slice(at));
  if (match === null) throw malformed('startxref without an offset');
  if (!tail.slice(at).includes('%%EOF')) throw malformed('no %%EOF after startxref: the file is truncated');
  return Number(match[1]);
}

/** Sequential reads of a classic xref table, refilling a window as the parse advances. */
class Cursor {
  private buf = Buffer.alloc(0);
  private base: number;
  i = 0;

  constructor(
    private readonly source: FileSource,
    start: number,
  ) {
    this.base = start;
  }

  get offset(): number {
    return this.base + this.i;
  }

  async ensure(n: number): Promise<void> {
    if (this.buf.length - this.i >= n || this.base + this.buf.length >= this.source.size) return;
    const more = await this.source.read(this.base + this.buf.length, Math.max(n, 1 << 20));
    this.buf = Buffer.concat([this.buf.subarray(this.i), more]);
    this.base += this.i;
    this.i = 0;
  }

  byte(): number {
    return this.i < this.buf.length ? this.buf[this.i]! : -1;
  }

  skipWhitespace(): void {
    for (;;) {
      const b = this.byte();
      if (b === 0 || b === 9 || b === 10 || b === 12 || b === 13 || b === 32) this.i++;
      else return;
    }
  }

  integer(): number | undefined {
    let value = 0;
    const start = this.i;
    while (this.byte() >= 0x30 && this.byte() <= 0x39 && this.i - start < 12) value = value * 10 + (this.buf[this.i++]! - 0x30);
    return this.i === start ? undefined : value;
  }

  startsWith(text: string): boolean {
    return this.buf.toString('latin1', this.i, this.i + text.length) === text;
  }
}

async function readClassicTable(source: FileSource, offset: number, limits: PdfLimits): Promise<{ entries: XrefTable; trailerOffset: number }> {
  const cursor = new Cursor(source, offset);
  await cursor.ensure(64);
  cursor.skipWhitespace();
  if (!cursor.startsWith('xref')) throw malformed(`no cross-reference table at ${offset}`, { offset });
  cursor.i += 4;
  const entries = new XrefTable(limits.maxObjects);
  for (;;) {
    await cursor.ensure(64);
    cursor.skipWhitespace();
    if (cursor.startsWith('trailer')) {
      cursor.i += 7;
      return { entries, trailerOffset: cursor.offset };
    }
    const first = cursor.integer();
    cursor.skipWhitespace();
    const count = cursor.integer();
    if (first === undefined || count === undefined) throw malformed(`bad cross-reference subsection at ${cursor.offset}`, { offset: cursor.offset });
    if (first + count > limits.maxObjects) throw limitExceeded('object number', first + count, limits.maxObjects);
    for (let k = 0; k < count; k++) {
      await cursor.ensure(64);
      cursor.skipWhitespace();
      const field2 = cursor.integer();
      cursor.skipWhitespace();
      const gen = cursor.integer();
      cursor.skipWhitespace();
      const type = cursor.byte();
      cursor.i++;
      if (field2 === undefined || gen === undefined || (type !== 0x6e && type !== 0x66)) {
        throw malformed(`bad cross-reference entry for object ${first + k} at ${cursor.offset}`, { offset: cursor.offset });
      }
      // Within one table a later subsection entry replaces an earlier one, as readers do.
      entries.set(first + k, type === 0x6e ? ENTRY_IN_USE : ENTRY_FREE, field2, gen);
    }
  }
}

function widths(value: PdfValue | undefined): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((w) => isInteger(w) && w >= 0 && w <= 8)) throw malformed('bad /W in a cross-reference stream');
  return value as [number, number, number];
}

function readField(data: Buffer, at: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[at + i]!;
  return value;
}

async function readXrefStream(source: FileSource, offset: number, limits: PdfLimits): Promise<{ entries: XrefTable; dict: PdfDict; num: number; end: number }> {
  const parsed = await readIndirectAt(source, offset, limits);
  const dict = parsed.value;
  if (!(dict instanceof PdfDict) || parsed.streamDataOffset === undefined || !isName(dict.get('Type'), 'XRef')) {
    throw malformed(`startxref/Prev ${offset} points neither at a cross-reference table nor at a cross-reference stream`, { offset });
  }
  const length = dict.get('Length');
  if (!isInteger(length)) throw malformed('a cross-reference stream needs a direct /Length');
  if (length > limits.maxEncodedStreamBytes) throw limitExceeded('encoded stream size', length, limits.maxEncodedStreamBytes);
  await checkStreamEnd(source, parsed.streamDataOffset, length, parsed.num);
  const data = decodeStream(dict, await source.read(parsed.streamDataOffset, length), limits);
  const [w1, w2, w3] = widths(dict.get('W'));
  const rowLength = w1 + w2 + w3;
  if (rowLength === 0) throw malformed('bad /W in a cross-reference stream');
  const size = dict.get('Size');
  if (!isInteger(size) || size < 0) throw malformed('a cross-reference stream needs /Size');
  const indexValue = dict.get('Index') ?? [0, size];
  if (!Array.isArray(indexValue) || indexValue.length % 2 !== 0 || !indexValue.every((v) => isInteger(v) && v >= 0)) throw malformed('bad /Index in a cross-reference stream');
  const entries = new XrefTable(limits.maxObjects);
  let row = 0;
  for (let k = 0; k < indexValue.length; k += 2) {
    const first = indexValue[k] as number;
    const count = indexValue[k + 1] as number;
    if (first + count > limits.maxObjects) throw limitExceeded('object number', first + count, limits.maxObjects);
    for (let j = 0; j < count; j++, row++) {
      const at = row * rowLength;
      if (at + rowLength > data.length) throw malformed('cross-reference stream shorter than its /Index says');
      const type = w1 === 0 ? 1 : readField(data, at, w1);
      const field2 = readField(data, at + w1, w2);
      const field3 = readField(data, at + w1 + w2, w3);
      // Unknown types are to be read as references to the null object (ISO 32000-1 §7.5.8.3): leave them out.
      if (type === 0) entries.set(first + j, ENTRY_FREE, field2, field3);
      else if (type === 1) entries.set(first + j, ENTRY_IN_USE, field2, field3);
      else if (type === 2) entries.set(first + j, ENTRY_COMPRESSED, field2, field3);
    }
  }
  return { entries, dict, num: parsed.num, end: parsed.streamDataOffset + length };
}

/** Just past the `%%EOF` (and its end of line) that closes the section ending near `from`, or -1. */
async function revisionEnd(source: FileSource, from: number): Promise<number> {
  const text = (await source.read(from, 1024)).toString('latin1');
  const match = /^[\0\t\n\f\r ]*(endstream[\0\t\n\f\r ]*endobj[\0\t\n\f\r ]*)?startxref[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+%%EOF(\r\n|\r|\n)?/.exec(text);
  return match === null ? -1 : from + match[0].length;
}

/** Every section of the /Prev chain, newest first, with /XRefStm of hybrid files merged into their table's section. */
export async function readXrefChain(source: FileSource, limits: PdfLimits): Promise<XrefSection[]> {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | undefined = await findStartXref(source);
  while (next !== undefined) {
    const offset: number = next;
    if (seen.has(offset)) throw malformed(`the /Prev chain loops at ${offset}`, { offset });
    seen.add(offset);
    if (sections.length >= limits.maxXrefSections) throw limitExceeded('incremental updates', sections.length + 1, limits.maxXrefSections);
    if (offset >= source.size) throw malformed(`cross-reference offset ${offset} is past the end of the file (truncated?)`, { offset });
    const start = (await source.read(offset, 16)).toString('latin1').replace(/^[\0\t\n\f\r ]+/, '');
    let section: XrefSection;
    if (start.startsWith('xref')) {
      const { entries, trailerOffset } = await readClassicTable(source, offset, limits);
      const { trailer, end } = await parseAt(source, trailerOffset, limits, (parser) => {
        const value = parser.parseValue();
        return { trailer: value, end: parser.offset };
      });
      if (!(trailer instanceof PdfDict)) throw malformed(`no trailer dictionary after the table at ${offset}`, { offset });
      const xrefStm = trailer.get('XRefStm');
      const xrefStreamObjects: number[] = [];
      if (isInteger(xrefStm)) {
        const hidden = await readXrefStream(source, xrefStm, limits);
        xrefStreamObjects.push(hidden.num);
        // Hybrid file (§7.5.8.4): the stream adds the compressed objects the table lists as free or not at all.
        for (const num of hidden.entries.numbers()) {
          const entry = hidden.entries.get(num)!;
          const current = entries.get(num);
          if (current === undefined || current.type === ENTRY_FREE) entries.set(num, entry.type, entry.field2, entry.field3);
        }
      }
      section = {
        offset,
        kind: 'table',
        hybridStreamOffset: isInteger(xrefStm) ? xrefStm : undefined,
        trailer,
        entries,
        xrefStreamObjects,
        end: await revisionEnd(source, end),
      };
    } else {
      const stream = await readXrefStream(source, offset, limits);
      section = { offset, kind: 'stream', hybridStreamOffset: undefined, trailer: stream.dict, entries: stream.entries, xrefStreamObjects: [stream.num], end: await revisionEnd(source, stream.end) };
    }
    sections.push(section);
    const prev = section.trailer.get('Prev');
    if (prev !== undefined && !isInteger(prev)) throw malformed('bad /Prev in a trailer');
    next = prev as number | undefined;
  }
  return sections;
}

/** The newest-wins merge of sections[from…] (the document as of that revision). */
export function mergeSections(sections: readonly XrefSection[], from: number, maxObjects: number): XrefTable {
  const merged = new XrefTable(maxObjects);
  for (let k = from; k < sections.length; k++) merged.mergeOlder(sections[k]!.entries);
  return merged;
}

export { ENTRY_COMPRESSED, ENTRY_FREE, ENTRY_IN_USE };
