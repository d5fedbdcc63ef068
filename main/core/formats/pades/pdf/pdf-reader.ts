import { SigndeskError } from '../../../../../preload/contract/errors';
import { decodeStream } from './decode-stream';
import { FileSource } from './file-source';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from './limits';
import { PdfDict, PdfRef, PdfStream, type PdfValue, isInteger, isName } from './objects';
import { NeedMoreData, PdfParser } from './pdf-parser';
import { limitExceeded, malformed } from './pdf-error';
import { checkStreamEnd, readIndirectAt } from './read-indirect';
import { type XrefSection, mergeSections, readXrefChain } from './read-xref';
import { ENTRY_COMPRESSED, ENTRY_IN_USE, type XrefTable } from './xref-table';

export interface PdfReaderOptions {
  limits?: Partial<PdfLimits>;
  /** Read only the first `size` bytes (the original part of a file we are appending to). */
  size?: number;
}

interface ObjectStreamCache {
  num: number;
  data: Buffer;
  first: number;
  offsets: Map<number, { num: number; offset: number }>;
}

/** Object lookups through one state of the cross-reference table (the newest, or an older revision's). */
export class PdfObjectView {
  constructor(
    private readonly reader: PdfReader,
    readonly xref: XrefTable,
  ) {}

  /** The object `ref` names, `null` when it is free or absent (ISO 32000-1 §7.3.10). */
  async get(ref: PdfRef): Promise<PdfValue> {
    return this.reader.loadObject(this.xref, ref.num, ref.gen);
  }

  /** Follows references (bounded) until a direct value. */
  async resolve(value: PdfValue | undefined): Promise<PdfValue | undefined> {
    let current = value;
    for (let hops = 0; current instanceof PdfRef; hops++) {
      if (hops > 32) throw malformed('a chain of references does not end');
      current = await this.get(current);
    }
    return current;
  }

  async resolveDict(value: PdfValue | undefined): Promise<PdfDict | undefined> {
    const resolved = await this.resolve(value);
    if (resolved instanceof PdfDict) return resolved;
    if (resolved instanceof PdfStream) return resolved.dict;
    return undefined;
  }
}

/**
 * A PDF opened for reading with positioned reads: the /Prev chain of cross-reference sections (tables, streams,
 * hybrids), object streams, the trailer. Refuses encrypted files and files whose xref does not match their objects.
 */
export class PdfReader {
  readonly limits: PdfLimits;
  readonly view: PdfObjectView;
  private readonly cache = new Map<string, PdfValue>();
  private objectStream: ObjectStreamCache | undefined;

  private constructor(
    readonly source: FileSource,
    /** Newest first. */
    readonly sections: XrefSection[],
    readonly xref: XrefTable,
    limits: PdfLimits,
  ) {
    this.limits = limits;
    this.view = new PdfObjectView(this, xref);
  }

  static async open(path: string, options: PdfReaderOptions = {}): Promise<PdfReader> {
    const limits = { ...DEFAULT_PDF_LIMITS, ...options.limits };
    const source = await FileSource.open(path, options.size);
    try {
      const sections = await readXrefChain(source, limits);
      if (sections.some((section) => section.trailer.has('Encrypt'))) {
        throw new SigndeskError('ERR_PDF_ENCRYPTED', 'the PDF is encrypted (/Encrypt in its trailer)');
      }
      const reader = new PdfReader(source, sections, mergeSections(sections, 0, limits.maxObjects), limits);
      if (!(reader.trailer.get('Root') instanceof PdfRef)) throw malformed('the trailer has no /Root reference');
      return reader;
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  get size(): number {
    return this.source.size;
  }

  /** The newest trailer. */
  get trailer(): PdfDict {
    return this.sections[0]!.trailer;
  }

  /** The offset `startxref` names: the /Prev of the next update. */
  get startxref(): number {
    return this.sections[0]!.offset;
  }

  /** The xref table state as of the revision of `sections[index]` (0 = newest). */
  viewAt(index: number): PdfObjectView {
    return index === 0 ? this.view : new PdfObjectView(this, mergeSections(this.sections, index, this.limits.maxObjects));
  }

  async catalog(): Promise<PdfDict> {
    const root = await this.view.resolve(this.trailer.get('Root'));
    if (!(root instanceof PdfDict) || !isName(root.get('Type'), 'Catalog')) {
      // Some writers omit /Type in the catalog; /Pages is what identifies it.
      if (root instanceof PdfDict && root.has('Pages')) return root;
      throw malformed('the document catalog (/Root) is missing or not a dictionary');
    }
    return root;
  }

  async loadObject(xref: XrefTable, num: number, gen: number): Promise<PdfValue> {
    const entry = xref.get(num);
    if (entry === undefined) return null;
    if (entry.type === ENTRY_IN_USE) {
      if (entry.field3 !== gen) return null;
      const key = `o${entry.field2}`;
      const cached = this.cache.get(key);
      if (cached !== undefined) return cached;
      const value = await this.readAt(entry.field2, num, gen);
      this.remember(key, value);
      return value;
    }
    if (entry.type === ENTRY_COMPRESSED) {
      if (gen !== 0) return null;
      const key = `c${entry.field2}:${entry.field3}`;
      const cached = this.cache.get(key);
      if (cached !== undefined) return cached;
      const value = await this.readCompressed(xref, entry.field2, entry.field3, num);
      this.remember(key, value);
      return value;
    }
    return null;
  }

  private remember(key: string, value: PdfValue): void {
    if (this.cache.size > 4096) this.cache.clear();
    this.cache.set(key, value);
  }

  private async readAt(offset: number, num: number, gen: number): Promise<PdfValue> {
    const parsed = await readIndirectAt(this.source, offset, this.limits);
    if (parsed.num !== num || parsed.gen !== gen) {
      throw malformed(`the cross-reference table is broken: object ${num} ${gen} is expected at ${offset}, found ${parsed.num} ${parsed.gen}`, { object: num, offset });
    }
    if (parsed.streamDataOffset === undefined) return parsed.value;
    const dict = parsed.value as PdfDict;
    const lengthValue = dict.get('Length');
    let length: PdfValue | undefined = lengthValue;
    if (lengthValue instanceof PdfRef) {
      if (lengthValue.num === num) throw malformed(`object ${num}: /Length refers to the stream itself`);
      length = await this.view.resolve(lengthValue);
    }
    if (!isInteger(length) || length < 0) throw malformed(`stream object ${num} has no valid /Length`, { object: num });
    await checkStreamEnd(this.source, parsed.streamDataOffset, length, num);
    return new PdfStream(dict, parsed.streamDataOffset, length);
  }

  /** The raw (encoded) bytes of a stream, refused above `max` bytes. */
  async streamBytes(stream: PdfStream, max = this.limits.maxEncodedStreamBytes): Promise<Buffer> {
    if (stream.length > max) throw limitExceeded('encoded stream size', stream.length, max);
    return this.source.read(stream.dataOffset, stream.length);
  }

  private async loadObjectStream(xref: XrefTable, streamNum: number): Promise<ObjectStreamCache> {
    if (this.objectStream?.num === streamNum) return this.objectStream;
    const entry = xref.get(streamNum);
    if (entry?.type !== ENTRY_IN_USE) throw malformed(`object stream ${streamNum} is not in the cross-reference table`, { object: streamNum });
    const stream = await this.readAt(entry.field2, streamNum, entry.field3);
    if (!(stream instanceof PdfStream) || !isName(stream.dict.get('Type'), 'ObjStm')) throw malformed(`object ${streamNum} is not an object stream`, { object: streamNum });
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (!isInteger(n) || !isInteger(first) || n < 0 || first < 0) throw malformed(`object stream ${streamNum} lacks /N or /First`);
    if (n > this.limits.maxObjectsPerStream) throw limitExceeded('objects in an object stream', n, this.limits.maxObjectsPerStream);
    const data = decodeStream(stream.dict, await this.streamBytes(stream), this.limits);
    if (first > data.length) throw malformed(`object stream ${streamNum}: /First is past its data`);
    const header = new PdfParser(data.subarray(0, first), 0, true, this.limits);
    const offsets = new Map<number, { num: number; offset: number }>();
    for (let i = 0; i < n; i++) {
      const objNum = header.nextInteger();
      const objOffset = header.nextInteger();
      if (objNum === undefined || objOffset === undefined) throw malformed(`object stream ${streamNum}: bad header`);
      offsets.set(i, { num: objNum, offset: objOffset });
    }
    this.objectStream = { num: streamNum, data, first, offsets };
    return this.objectStream;
  }

  private async readCompressed(xref: XrefTable, streamNum: number, index: number, num: number): Promise<PdfValue> {
    const stream = await this.loadObjectStream(xref, streamNum);
    const slot = stream.offsets.get(index);
    if (slot === undefined || slot.num !== num) throw malformed(`object ${num} is not at index ${index} of object stream ${streamNum}`, { object: num });
    const start = stream.first + slot.offset;
    if (start >= stream.data.length) throw malformed(`object ${num}: offset past the end of object stream ${streamNum}`);
    const parser = new PdfParser(stream.data.subarray(start), 0, true, this.limits, false);
    try {
      return parser.parseValue();
    } catch (error) {
      if (error instanceof NeedMoreData) throw malformed(`object ${num} is truncated in object stream ${streamNum}`);
      throw error;
    }
  }

  /**
   * Checks that every in-use entry of the newest xref points at its `n g obj` header (whitespace before it
   * tolerated). Reads in ascending offset order, one block per cluster of objects, so a big file costs few reads.
   */
  async checkXref(): Promise<void> {
    const items: Array<{ num: number; gen: number; offset: number }> = [];
    for (const num of this.xref.numbers()) {
      const entry = this.xref.get(num)!;
      if (entry.type === ENTRY_IN_USE) items.push({ num, gen: entry.field3, offset: entry.field2 });
    }
    items.sort((a, b) => a.offset - b.offset);
    const blockSize = 1 << 16;
    let block: Buffer = Buffer.alloc(0);
    let blockStart = -1;
    for (const item of items) {
      if (item.offset >= this.source.size) throw malformed(`the cross-reference table is broken: object ${item.num} points past the end of the file`, { object: item.num });
      if (blockStart < 0 || item.offset < blockStart || item.offset + 64 > blockStart + block.length) {
        blockStart = item.offset;
        block = await this.source.read(blockStart, blockSize);
      }
      const text = block.toString('latin1', item.offset - blockStart, item.offset - blockStart + 64);
      const match = /^[\0\t\n\f\r ]*(\d+)[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+obj(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(text);
      if (match === null || Number(match[1]) !== item.num || Number(match[2]) !== item.gen) {
        throw malformed(`the cross-reference table is broken: object ${item.num} ${item.gen} is not at offset ${item.offset}`, { object: item.num, offset: item.offset });
      }
    }
  }

  async close(): Promise<void> {
    await this.source.close();
  }
}
