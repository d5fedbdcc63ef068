import zlib from 'node:zlib';

/**
 * A ZIP written byte by byte, so tests can make what no well-behaved zip tool makes: traversal names, duplicates,
 * lying sizes, flags, extra fields, mismatched local and central headers. APPNOTE 4.3.7 (local header),
 * 4.3.12 (central directory header), 4.3.16 (end of central directory record).
 */
export interface RawEntry {
  name: string | Buffer;
  data?: Buffer;
  /** 0 stored (default), 8 deflate, anything else written as is. */
  method?: number;
  /** Bytes written as the entry's data instead of `data` (deflated when method is 8). */
  compressed?: Buffer;
  /** Default: bit 11 (UTF-8 names). */
  flags?: number;
  localName?: string | Buffer;
  localExtra?: Buffer;
  centralExtra?: Buffer;
  declaredSize?: number;
  declaredCompressedSize?: number;
  crc?: number;
  versionMadeBy?: number;
  externalAttributes?: number;
}

export interface RawZipOptions {
  /** The entry count written in the end record (default: the real count). */
  declaredCount?: number;
}

const DOS_DATE_1980_01_01 = 0x21;

export function rawZip(entries: readonly RawEntry[], options: RawZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.method ?? 0;
    const body = entry.compressed ?? (method === 8 ? zlib.deflateRawSync(data) : data);
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name, 'utf8');
    const localName = entry.localName === undefined ? name : Buffer.isBuffer(entry.localName) ? entry.localName : Buffer.from(entry.localName, 'utf8');
    const flags = entry.flags ?? 0x0800;
    const crc = entry.crc ?? zlib.crc32(data);
    const size = entry.declaredSize ?? data.length;
    const compressedSize = entry.declaredCompressedSize ?? body.length;
    const localExtra = entry.localExtra ?? Buffer.alloc(0);
    const centralExtra = entry.centralExtra ?? Buffer.alloc(0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressedSize >>> 0, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const localRecord = Buffer.concat([local, localName, localExtra, body]);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.versionMadeBy ?? (3 << 8) | 30, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressedSize >>> 0, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((entry.externalAttributes ?? (0o100644 << 16)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([central, name, centralExtra]));
    locals.push(localRecord);
    offset += localRecord.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  const count = options.declaredCount ?? entries.length;
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, centralDirectory, end]);
}

export const MIMETYPE_ENTRY: RawEntry = { name: 'mimetype', data: Buffer.from('application/vnd.etsi.asic-e+zip', 'ascii') };
