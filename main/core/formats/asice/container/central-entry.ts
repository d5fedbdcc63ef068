import yauzl from 'yauzl';
import type { AsicEntry } from './asic-entry';
import { malformed, unsafe, unsupported } from './container-errors';
import type { AsicLimits } from './container-limits';
import { checkEntryName } from './entry-name';

const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_HEADERS = 0x2000;
const ZIP64_FIELD = 0x0001;
const UNICODE_PATH_FIELD = 0x7075;

export function decodeName(raw: yauzl.Entry): string {
  const bytes = raw.fileNameRaw;
  if ((raw.generalPurposeBitFlag & FLAG_UTF8) !== 0) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw malformed('an entry name is flagged UTF-8 but is not', { reason: 'name-encoding' });
    }
  }
  return yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, bytes, raw.extraFields, true);
}

/**
 * An entry's central-directory record checked and described: its name (UTF-8 when flagged, else CP437 or the
 * Info-ZIP Unicode path), no encryption, stored or deflate only, consistent ZIP64 data, no links or special files,
 * declared sizes within the caps.
 */
export function describeEntry(raw: yauzl.Entry, limits: AsicLimits): AsicEntry {
  const name = checkEntryName(decodeName(raw));
  const unicodePaths = raw.extraFields.filter((field) => field.id === UNICODE_PATH_FIELD);
  if ((raw.generalPurposeBitFlag & FLAG_UTF8) !== 0 && unicodePaths.length > 0) {
    const alternative = yauzl.getFileNameLowLevel(0, raw.fileNameRaw, raw.extraFields, true);
    if (alternative !== name) throw unsafe(`entry ${name} carries a second, different name`, { entry: name, reason: 'ambiguous-name' });
  }
  if ((raw.generalPurposeBitFlag & (FLAG_ENCRYPTED | FLAG_MASKED_HEADERS)) !== 0) {
    throw unsupported(`entry ${name} is encrypted`, { entry: name, reason: 'encrypted' });
  }
  if (raw.compressionMethod !== 0 && raw.compressionMethod !== 8) {
    throw unsupported(`entry ${name} uses compression method ${raw.compressionMethod} (only stored and deflate are read)`, {
      entry: name,
      reason: 'compression-method',
      method: raw.compressionMethod,
    });
  }
  const zip64Fields = raw.extraFields.filter((field) => field.id === ZIP64_FIELD);
  if (zip64Fields.length > 1) throw malformed(`entry ${name} has ${zip64Fields.length} ZIP64 fields`, { entry: name, reason: 'zip64' });
  for (const value of [raw.uncompressedSize, raw.compressedSize, raw.relativeOffsetOfLocalHeader]) {
    if (value === 0xffffffff && zip64Fields.length === 0) {
      throw malformed(`entry ${name} defers its sizes to a ZIP64 field it does not have`, { entry: name, reason: 'zip64' });
    }
    if (!Number.isSafeInteger(value)) throw malformed(`entry ${name} declares an impossible size or offset`, { entry: name, reason: 'zip64' });
  }
  const unixMode = raw.versionMadeBy >> 8 === 3 ? (raw.externalFileAttributes >>> 16) & 0o170000 : 0;
  if (unixMode === 0o120000) throw unsafe(`entry ${name} is a symbolic link`, { entry: name, reason: 'symlink' });
  if (unixMode !== 0 && unixMode !== 0o100000 && unixMode !== 0o040000) {
    throw unsafe(`entry ${name} is a special file`, { entry: name, reason: 'special-file' });
  }
  const isDirectory = name.endsWith('/');
  if (isDirectory && (raw.uncompressedSize !== 0 || raw.compressedSize !== 0)) {
    throw malformed(`folder entry ${name} has content`, { entry: name, reason: 'folder-content' });
  }
  if (raw.compressionMethod === 0 && raw.compressedSize !== raw.uncompressedSize) {
    throw malformed(`stored entry ${name} declares ${raw.compressedSize} stored but ${raw.uncompressedSize} uncompressed bytes`, { entry: name, reason: 'stored-size' });
  }
  if (raw.uncompressedSize > limits.maxEntrySize) {
    throw unsafe(`entry ${name} expands to ${raw.uncompressedSize} bytes (at most ${limits.maxEntrySize})`, { entry: name, reason: 'entry-size' });
  }
  if (raw.compressionMethod === 8 && raw.uncompressedSize > limits.ratioGraceBytes) {
    const ratio = raw.uncompressedSize / Math.max(raw.compressedSize, 1);
    if (ratio > limits.maxCompressionRatio) {
      throw unsafe(`entry ${name} expands ${Math.round(ratio)} times (at most ${limits.maxCompressionRatio})`, { entry: name, reason: 'compression-ratio' });
    }
  }
  return {
    name,
    isDirectory,
    size: raw.uncompressedSize,
    compressedSize: raw.compressedSize,
    compression: raw.compressionMethod === 8 ? 'deflated' : 'stored',
    crc32: raw.crc32,
    modified: raw.getLastModDate(),
  };
}
