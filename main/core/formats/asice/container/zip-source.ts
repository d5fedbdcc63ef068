import fs from 'node:fs/promises';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { SigndeskError } from '../../../../../preload/contract/errors';
import type { AsicEntry } from './asic-entry';
import { malformed, unsafe, unsupported } from './container-errors';
import type { AsicLimits } from './container-limits';
import { decodeName, describeEntry } from './central-entry';
import { checkFolderClashes, nameCollisionKey } from './entry-name';
import { EntryGuard } from './entry-guard';

interface EntryRecord {
  info: AsicEntry;
  raw: yauzl.Entry;
  localHeaderOffset: number;
  dataStart: number;
  localExtraFieldLength: number;
}

const FLAG_ENCRYPTED = 0x0001;
const END_SIGNATURES = new Set([0x06054b50, 0x06064b50, 0x05054b50]);

/**
 * A ZIP file opened through yauzl whose central directory passed every check (names, sizes, caps, overlaps,
 * local/central agreement). Entry data is read lazily, one checked stream at a time per caller.
 */
export class ZipSource {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly zip: yauzl.ZipFile,
    readonly limits: AsicLimits,
    private readonly records: Map<string, EntryRecord>,
    readonly entries: readonly AsicEntry[],
  ) {}

  static async open(path: string, limits: AsicLimits): Promise<ZipSource> {
    const zip = await openZip(path);
    try {
      const centralDirectoryOffset = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
      if (zip.entryCount > limits.maxEntries) {
        throw unsafe(`the container has ${zip.entryCount} entries (at most ${limits.maxEntries} are read)`, { reason: 'entry-count', count: zip.entryCount });
      }
      const raws = await readCentralDirectory(zip);
      const endCursor = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
      await checkEndOfCentralDirectory(path, endCursor);
      const records = new Map<string, EntryRecord>();
      const keys = new Map<string, string>();
      let total = 0;
      for (const raw of raws) {
        const info = describeEntry(raw, limits);
        total += info.size;
        if (total > limits.maxTotalSize) {
          throw unsafe(`the container expands to more than ${limits.maxTotalSize} bytes`, { reason: 'total-size' });
        }
        if (records.has(info.name)) throw unsafe(`entry ${info.name} appears twice`, { entry: info.name, reason: 'duplicate' });
        const key = nameCollisionKey(info.name);
        const other = keys.get(key);
        if (other !== undefined) {
          throw unsafe(`entries ${other} and ${info.name} are the same file on Windows and macOS`, { entry: info.name, reason: 'duplicate' });
        }
        keys.set(key, info.name);
        const local = await readLocalHeader(zip, raw, info.name);
        records.set(info.name, { info, raw, localHeaderOffset: raw.relativeOffsetOfLocalHeader, ...local });
      }
      checkFolderClashes([...records.keys()]);
      checkLayout([...records.values()], centralDirectoryOffset);
      const entries = raws.map((raw) => records.get(decodeName(raw))!.info);
      return new ZipSource(path, zip, limits, records, entries);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  entry(name: string): AsicEntry | undefined {
    return this.records.get(name)?.info;
  }

  /** The local header's facts for the mimetype rules (EN 319 162-1, A.1). */
  localFacts(name: string): { offset: number; localExtraFieldLength: number; centralExtraFieldLength: number } | undefined {
    const record = this.records.get(name);
    if (!record) return undefined;
    return { offset: record.localHeaderOffset, localExtraFieldLength: record.localExtraFieldLength, centralExtraFieldLength: record.raw.extraFieldLength };
  }

  /** A stream of the entry's uncompressed bytes, checked against size caps and its CRC-32 while it flows. */
  openEntryStream(name: string): Promise<Readable> {
    const record = this.records.get(name);
    if (!record || record.info.isDirectory) {
      return Promise.reject(new SigndeskError('ERR_NOT_FOUND', `the container has no file ${name}`, { entry: name }));
    }
    if (this.closed) return Promise.reject(new SigndeskError('ERR_INTERNAL', `the container ${this.path} is closed`));
    const { info, dataStart } = record;
    return new Promise((resolve, reject) => {
      this.zip.openReadStreamLowLevel(dataStart, info.compressedSize, 0, info.compressedSize, false, null, (error, raw) => {
        if (error) return reject(malformed(`entry ${name} cannot be read: ${error.message}`, { entry: name }, error));
        const guard = new EntryGuard(name, info.size, info.crc32);
        const onError = (failure: Error | null) => {
          if (failure && !guard.destroyed) guard.destroy(asContainerError(failure, name));
        };
        if (info.compression === 'deflated') pipeline(raw, zlib.createInflateRaw(), guard, onError);
        else pipeline(raw, guard, onError);
        resolve(guard);
      });
    });
  }

  /** Reads a small entry whole (at most `limits.maxMetadataSize` bytes). */
  async readEntry(name: string): Promise<Buffer> {
    const info = this.entry(name);
    if (info && info.size > this.limits.maxMetadataSize) {
      throw unsafe(`entry ${name} has ${info.size} bytes; at most ${this.limits.maxMetadataSize} are read into memory`, { entry: name, reason: 'metadata-size' });
    }
    const stream = await this.openEntryStream(name);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (error) {
      throw asContainerError(error, name);
    }
    return Buffer.concat(chunks);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }
}

/** Anything a read of entry data throws, as a coded container error. */
export function asContainerError(error: unknown, entry?: string): SigndeskError {
  if (error instanceof SigndeskError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new SigndeskError('ERR_FILE_NOT_FOUND', message);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') return new SigndeskError('ERR_FILE_UNREADABLE', message);
  if (/strong encryption|encrypted/i.test(message)) return unsupported(`encrypted entries: ${message}`, { reason: 'encrypted' });
  if (/multi-disk/i.test(message)) return unsupported('split (multi-disk) archives', { reason: 'multi-disk' });
  return malformed(entry ? `entry ${entry}: ${message}` : message, entry ? { entry } : {}, error);
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: true },
      (error, zip) => (error ? reject(asContainerError(error)) : resolve(zip)),
    );
  });
}

function readCentralDirectory(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: Error) => reject(asContainerError(error)));
    zip.readEntry();
  });
}

/** The central directory must end where its end record begins: no entries hidden past the declared count. */
async function checkEndOfCentralDirectory(path: string, cursor: number): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, cursor);
    if (bytesRead !== 4 || !END_SIGNATURES.has(buffer.readUInt32LE(0))) {
      throw malformed('the central directory holds more entries than its end record declares', { reason: 'entry-count-mismatch' });
    }
  } finally {
    await handle.close();
  }
}

async function readLocalHeader(zip: yauzl.ZipFile, raw: yauzl.Entry, name: string): Promise<{ dataStart: number; localExtraFieldLength: number }> {
  const header = await new Promise<yauzl.LocalFileHeader>((resolve, reject) => {
    zip.readLocalFileHeader(raw, {}, (error, result) => (error ? reject(asContainerError(error, name)) : resolve(result)));
  });
  if (!header.fileName.equals(raw.fileNameRaw)) {
    throw unsafe(`entry ${name} has another name in its local header`, { entry: name, reason: 'ambiguous-name' });
  }
  if (header.compressionMethod !== raw.compressionMethod || (header.generalPurposeBitFlag & FLAG_ENCRYPTED) !== (raw.generalPurposeBitFlag & FLAG_ENCRYPTED)) {
    throw malformed(`entry ${name}: the local header disagrees with the central directory`, { entry: name, reason: 'header-mismatch' });
  }
  return { dataStart: header.fileDataStart, localExtraFieldLength: header.extraFieldLength };
}

/** Entry data may not overlap another entry or the central directory: overlapping entries are a bomb technique. */
function checkLayout(records: EntryRecord[], centralDirectoryOffset: number): void {
  const sorted = [...records].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < sorted.length; i += 1) {
    const current = sorted[i]!;
    const end = current.dataStart + current.info.compressedSize;
    const next = i + 1 < sorted.length ? sorted[i + 1]!.localHeaderOffset : centralDirectoryOffset;
    if (end > next) {
      throw unsafe(`entry ${current.info.name} overlaps the data that follows it`, { entry: current.info.name, reason: 'overlap' });
    }
  }
}
