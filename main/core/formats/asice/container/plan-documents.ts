import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { SigndeskError } from '../../../../../preload/contract/errors';
import { checkDocumentName } from './build-asic-manifest';

export type AsicCompression = 'auto' | 'store' | 'deflate';

export interface DocumentSource {
  name: string;
  path: string;
  compression?: AsicCompression;
}

export interface PlannedDocument {
  name: string;
  path: string;
  stat: Stats;
  deflate: boolean;
}

const PROBE_BYTES = 1024 * 1024;

/**
 * Checks each new document (a safe, portable name; a readable regular file) and decides its compression: `auto`
 * deflates only when the first MiB deflates by 10% or more.
 */
export async function planDocuments(documents: readonly DocumentSource[], defaultCompression: AsicCompression): Promise<PlannedDocument[]> {
  const planned: PlannedDocument[] = [];
  for (const document of documents) {
    checkDocumentName(document.name);
    const stat = await fs.stat(document.path).catch((error: unknown) => {
      throw readError(error, document.path);
    });
    if (!stat.isFile()) throw invalid(`${document.path} is not a file`, { path: document.path });
    const compression = document.compression ?? defaultCompression;
    const deflate = compression === 'deflate' || (compression === 'auto' && (await deflatesWell(document.path)));
    planned.push({ name: document.name, path: document.path, stat, deflate });
  }
  return planned;
}

async function deflatesWell(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r').catch((error: unknown) => {
    throw readError(error, file);
  });
  try {
    const sample = Buffer.allocUnsafe(Math.max(1, Math.min(PROBE_BYTES, (await handle.stat()).size)));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    if (bytesRead === 0) return false;
    return zlib.deflateRawSync(sample.subarray(0, bytesRead), { level: 1 }).length < bytesRead * 0.9;
  } finally {
    await handle.close();
  }
}

/** The document as it was planned: the same file (device, inode) and size, or ERR_INPUT_INVALID. */
export async function openDocument(document: PlannedDocument): Promise<Readable> {
  const handle = await fs.open(document.path, 'r').catch((error: unknown) => {
    throw readError(error, document.path);
  });
  const stat = await handle.stat();
  if (stat.ino !== document.stat.ino || stat.dev !== document.stat.dev || stat.size !== document.stat.size) {
    await handle.close();
    throw invalid(`${document.path} changed while the container was being written`, { path: document.path });
  }
  return handle.createReadStream({ highWaterMark: 1024 * 1024 });
}

function readError(error: unknown, file: string): SigndeskError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new SigndeskError('ERR_FILE_NOT_FOUND', `${file} does not exist`, { path: file });
  return new SigndeskError('ERR_FILE_UNREADABLE', `${file} cannot be read: ${(error as Error).message}`, { path: file });
}

function invalid(message: string, details: Record<string, unknown> = {}): SigndeskError {
  return new SigndeskError('ERR_INPUT_INVALID', message, details);
}
