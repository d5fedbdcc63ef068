import zlib from 'node:zlib';
import { type PdfLimits } from './limits';
import { limitExceeded, malformed } from './pdf-error';
import { type PdfDict, PdfName, type PdfValue, isDict, isInteger } from './objects';

function single<T extends PdfValue>(value: PdfValue | undefined): T | undefined {
  if (Array.isArray(value)) {
    if (value.length > 1) throw malformed('chained filters are not supported in cross-reference or object streams');
    return value[0] as T | undefined;
  }
  return value as T | undefined;
}

function inflate(data: Buffer, limits: Pick<PdfLimits, 'maxDecodedStreamBytes'>): Buffer {
  try {
    // Z_SYNC_FLUSH: accept a stream whose Adler-32 trailer is missing, as PDF readers do.
    return zlib.inflateSync(data, { maxOutputLength: limits.maxDecodedStreamBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw limitExceeded('decompressed stream size', limits.maxDecodedStreamBytes + 1, limits.maxDecodedStreamBytes);
    }
    throw malformed(`corrupt Flate data: ${(error as Error).message}`);
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** PNG (10–15) and TIFF (2) predictors (ISO 32000-1 §7.4.4.4). */
export function unpredict(data: Buffer, parms: PdfDict | undefined): Buffer {
  const predictor = parms?.get('Predictor');
  if (parms === undefined || !isInteger(predictor) || predictor === 1) return data;
  const colors = isInteger(parms.get('Colors')) ? (parms.get('Colors') as number) : 1;
  const bpc = isInteger(parms.get('BitsPerComponent')) ? (parms.get('BitsPerComponent') as number) : 8;
  const columns = isInteger(parms.get('Columns')) ? (parms.get('Columns') as number) : 1;
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > 1 << 24) throw malformed('bad predictor parameters');
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw malformed('TIFF predictor is supported for 8 bits per component only');
    const out = Buffer.from(data);
    for (let row = 0; row + rowLength <= out.length; row += rowLength) {
      for (let i = bpp; i < rowLength; i++) out[row + i] = (out[row + i]! + out[row + i - bpp]!) & 0xff;
    }
    return out;
  }
  if (predictor < 10 || predictor > 15) throw malformed(`unknown predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  let prev = Buffer.alloc(rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = data.subarray(r * (rowLength + 1) + 1, (r + 1) * (rowLength + 1));
    const cur = out.subarray(r * rowLength, (r + 1) * rowLength);
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bpp ? cur[i - bpp]! : 0;
      const up = prev[i]!;
      const upLeft = i >= bpp ? prev[i - bpp]! : 0;
      let value = src[i]!;
      switch (type) {
        case 0:
          break;
        case 1:
          value += left;
          break;
        case 2:
          value += up;
          break;
        case 3:
          value += (left + up) >> 1;
          break;
        case 4:
          value += paeth(left, up, upLeft);
          break;
        default:
          throw malformed(`bad PNG predictor row type ${type}`);
      }
      cur[i] = value & 0xff;
    }
    prev = cur;
  }
  return out;
}

/** Decodes the data of a cross-reference or object stream: no filter or FlateDecode, with predictors, bounded. */
export function decodeStream(dict: PdfDict, raw: Buffer, limits: Pick<PdfLimits, 'maxDecodedStreamBytes'>): Buffer {
  const filter = single<PdfName>(dict.get('Filter'));
  const parmsValue = single(dict.get('DecodeParms'));
  const parms = isDict(parmsValue) ? parmsValue : undefined;
  if (filter === undefined) {
    if (raw.length > limits.maxDecodedStreamBytes) throw limitExceeded('decompressed stream size', raw.length, limits.maxDecodedStreamBytes);
    return raw;
  }
  if (!(filter instanceof PdfName)) throw malformed('bad /Filter');
  if (filter.name !== 'FlateDecode' && filter.name !== 'Fl') throw malformed(`unsupported filter /${filter.name} in a cross-reference or object stream`);
  return unpredict(inflate(raw, limits), parms);
}
