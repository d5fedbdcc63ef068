import { type FileSource } from './file-source';
import { type PdfLimits } from './limits';
import { NeedMoreData, PdfParser, type ParsedIndirect } from './pdf-parser';
import { limitExceeded, malformed } from './pdf-error';

/** Runs `parse` on a window of the file at `offset`, growing the window until the syntax fits (bounded). */
export async function parseAt<T>(source: FileSource, offset: number, limits: PdfLimits, parse: (parser: PdfParser) => T): Promise<T> {
  if (offset < 0 || offset >= source.size) throw malformed(`offset ${offset} is outside the file`, { offset });
  let size = 4096;
  for (;;) {
    const buf = await source.read(offset, size);
    const complete = offset + buf.length >= source.size;
    try {
      return parse(new PdfParser(buf, offset, complete, limits));
    } catch (error) {
      if (!(error instanceof NeedMoreData)) throw error;
      if (complete) throw malformed(`unexpected end of file in the object at ${offset}`, { offset });
      if (size >= limits.maxObjectBytes) throw limitExceeded('object size', size, limits.maxObjectBytes);
      size = Math.min(size * 8, limits.maxObjectBytes);
    }
  }
}

/** The indirect object at `offset` (for a stream: its dictionary and where its data starts). */
export function readIndirectAt(source: FileSource, offset: number, limits: PdfLimits): Promise<ParsedIndirect> {
  return parseAt(source, offset, limits, (parser) => parser.parseIndirectObject());
}

/** Checks that `endstream` follows a stream's data of `length` bytes (whitespace between is allowed). */
export async function checkStreamEnd(source: FileSource, dataOffset: number, length: number, num: number): Promise<void> {
  const end = dataOffset + length;
  if (length < 0 || end > source.size) throw malformed(`stream of object ${num} runs past the end of the file`, { object: num });
  const tail = (await source.read(end, 64)).toString('latin1');
  if (!/^[\0\t\n\f\r ]*endstream/.test(tail)) throw malformed(`stream of object ${num}: /Length does not end at 'endstream'`, { object: num });
}
