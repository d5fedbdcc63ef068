import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { PdfDict, PdfName, PdfNewStream, PdfRef, PdfString, type PdfValue } from './objects';
import { serialize, serializeIndirect } from './serialize';

export interface UpdateObject {
  ref: PdfRef;
  value: PdfValue;
}

export interface IncrementalUpdateInput {
  /** File offset of the update's first byte. */
  baseOffset: number;
  /** Whether the file so far ends with an end-of-line (else the update starts with one). */
  endsWithEol: boolean;
  objects: UpdateObject[];
  /** The xref shape of the revision before: the update uses the same one. */
  previousKind: 'table' | 'stream';
  previousStartxref: number;
  previousTrailer: PdfDict;
  /** The previous revision's /Size (at least one past its highest object number). */
  previousSize: number;
}

export interface IncrementalUpdate {
  bytes: Buffer;
  /** Offset (in the file) of each object written. */
  offsets: Map<number, number>;
  /** Offset of the update's xref section (its `startxref`). */
  startxref: number;
  size: number;
}

function subsections(numbers: number[]): Array<[number, number]> {
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const num of sorted) {
    const last = runs.at(-1);
    if (last !== undefined && last[0] + last[1] === num) last[1]++;
    else runs.push([num, 1]);
  }
  return runs;
}

/** Trailer entries the update carries over: /Root, /Info and /ID (its first element kept, the second renewed). */
function trailerEntries(previous: PdfDict, size: number, prev: number): Array<[string, PdfValue]> {
  const entries: Array<[string, PdfValue]> = [['Size', size]];
  const root = previous.get('Root');
  if (root !== undefined) entries.push(['Root', root]);
  const info = previous.get('Info');
  if (info instanceof PdfRef) entries.push(['Info', info]);
  const id = previous.get('ID');
  const fresh = new PdfString(randomBytes(16), true);
  const first = Array.isArray(id) && id[0] instanceof PdfString ? id[0] : fresh;
  entries.push(['ID', [first, fresh]]);
  entries.push(['Prev', prev]);
  return entries;
}

/**
 * The bytes of one incremental update (ISO 32000-1 §7.5.6): the objects, then a cross-reference section of the
 * same kind as the previous revision's (a classic table after a table or hybrid, a cross-reference stream after
 * a stream), and a trailer pointing back with /Prev. The bytes before it are never touched.
 */
export function buildIncrementalUpdate(input: IncrementalUpdateInput): IncrementalUpdate {
  const chunks: Buffer[] = [];
  let position = input.baseOffset;
  const push = (chunk: Buffer): void => {
    chunks.push(chunk);
    position += chunk.length;
  };
  if (!input.endsWithEol) push(Buffer.from('\n', 'latin1'));
  const offsets = new Map<number, number>();
  let highest = input.previousSize - 1;
  for (const object of input.objects) {
    offsets.set(object.ref.num, position);
    highest = Math.max(highest, object.ref.num);
    push(serializeIndirect(object.ref, object.value));
  }
  const gens = new Map(input.objects.map((object) => [object.ref.num, object.ref.gen]));
  const startxref = position;
  if (input.previousKind === 'table') {
    const size = highest + 1;
    let table = 'xref\n';
    for (const [first, count] of subsections([...offsets.keys()])) {
      table += `${first} ${count}\n`;
      for (let num = first; num < first + count; num++) {
        table += `${String(offsets.get(num)).padStart(10, '0')} ${String(gens.get(num)).padStart(5, '0')} n\r\n`;
      }
    }
    const trailer = new PdfDict(trailerEntries(input.previousTrailer, size, input.previousStartxref));
    push(Buffer.from(`${table}trailer\n${serialize(trailer)}\nstartxref\n${startxref}\n%%EOF\n`, 'latin1'));
    return { bytes: Buffer.concat(chunks), offsets, startxref, size };
  }
  // A cross-reference stream that also indexes itself.
  const xrefNum = highest + 1;
  const size = xrefNum + 1;
  offsets.set(xrefNum, startxref);
  gens.set(xrefNum, 0);
  const offsetWidth = Math.max(4, Math.ceil(Math.log2(startxref + 1) / 8));
  const runs = subsections([...offsets.keys()]);
  const rows: Buffer[] = [];
  for (const [first, count] of runs) {
    for (let num = first; num < first + count; num++) {
      const row = Buffer.alloc(1 + offsetWidth + 2);
      row[0] = 1;
      row.writeUIntBE(offsets.get(num)!, 1, offsetWidth);
      row.writeUInt16BE(gens.get(num)!, 1 + offsetWidth);
      rows.push(row);
    }
  }
  const dict = new PdfDict([
    ['Type', new PdfName('XRef')],
    ...trailerEntries(input.previousTrailer, size, input.previousStartxref),
    ['Index', runs.flat()],
    ['W', [1, offsetWidth, 2]],
    ['Filter', new PdfName('FlateDecode')],
  ]);
  push(serializeIndirect(new PdfRef(xrefNum, 0), new PdfNewStream(dict, zlib.deflateSync(Buffer.concat(rows)))));
  push(Buffer.from(`startxref\n${startxref}\n%%EOF\n`, 'latin1'));
  return { bytes: Buffer.concat(chunks), offsets, startxref, size };
}
