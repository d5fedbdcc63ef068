import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_UPLOAD_BYTES, type UploadPurpose } from '../../../preload/contract/domains/files';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic, type AtomicWriteSource } from '../fs/atomic-write';

const INBOX = 'inbox';
const VERIFY_UPLOADS = 'verify-uploads';
const MAX_NAME_LENGTH = 180;
/** `<pid>-<hex>`: one folder per bridge run under verify-uploads/, so a start-up clean-up spares a running bridge's. */
const RUN_FOLDER = /^(\d+)-[0-9a-f]+$/;
/** The runs of this process that have not closed (tests start several bridges in one process). */
const LIVE_RUNS = new Set<string>();

export interface UploadStoreOptions {
  /** Verify uploads kept at once (bytes); the oldest are deleted to make room. Default 256 MiB (8 largest uploads). */
  verifyBytesLimit?: number;
  /** Verify uploads kept at once (files). Default 1,000. */
  verifyFilesLimit?: number;
}

export interface SaveUploadOptions {
  /** The page connection a verify upload belongs to: `endSession` deletes its files. */
  session?: string;
  /** The announced size (Content-Length), when known. */
  size?: number;
}

/** A name safe on every OS: no separators, control or reserved characters, no leading dots, bounded length. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(clean)) clean = `_${clean}`;
  if (clean.length > MAX_NAME_LENGTH) {
    const ext = path.extname(clean).slice(0, 16);
    clean = clean.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return clean || 'file';
}

/**
 * Files that reach main without a path (dropped or picked in a browser), each written whole and atomically as it
 * streams in. `sign` files go to `<dataDir>/inbox/` and stay (they are queued documents). `verify` files are
 * temporary: `<dataDir>/verify-uploads/<run>/<session>/`, deleted when their page's connection ends
 * (`endSession`), when the bridge stops (`close`), when a later bridge starts (`removeStale`), and oldest first
 * beyond the size and count limits. A name already taken gets ` (2)`, ` (3)`….
 */
export class UploadStore {
  private readonly run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly verifyBytesLimit: number;
  private readonly verifyFilesLimit: number;
  /** This run's verify uploads, oldest first. */
  private readonly kept: Array<{ file: string; bytes: number; session: string }> = [];

  constructor(
    private readonly dataDir: string,
    options: UploadStoreOptions = {},
  ) {
    this.verifyBytesLimit = options.verifyBytesLimit ?? 8 * MAX_UPLOAD_BYTES;
    this.verifyFilesLimit = options.verifyFilesLimit ?? 1000;
    LIVE_RUNS.add(this.run);
  }

  folder(purpose: UploadPurpose, session = 'shared'): string {
    return purpose === 'sign' ? path.join(this.dataDir, INBOX) : path.join(this.dataDir, VERIFY_UPLOADS, this.run, sanitizeFileName(session));
  }

  async save(purpose: UploadPurpose, name: string, data: Uint8Array | AsyncIterable<Uint8Array>, options: SaveUploadOptions = {}): Promise<string> {
    const announced = data instanceof Uint8Array ? data.byteLength : options.size;
    if (announced !== undefined && announced > MAX_UPLOAD_BYTES) throw tooLarge();
    const session = options.session ?? 'shared';
    if (purpose === 'verify') await this.makeRoom(announced ?? MAX_UPLOAD_BYTES);
    const folder = this.folder(purpose, session);
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    const target = await this.write(folder, sanitizeFileName(name), data);
    if (purpose === 'verify') this.kept.push({ file: target, bytes: (await fs.stat(target)).size, session });
    return target;
  }

  /** Deletes the verify uploads of one page connection. */
  async endSession(session: string): Promise<void> {
    for (let index = this.kept.length - 1; index >= 0; index--) if (this.kept[index]!.session === session) this.kept.splice(index, 1);
    await fs.rm(this.folder('verify', session), { recursive: true, force: true });
  }

  /** Deletes every verify upload of this run. */
  async close(): Promise<void> {
    LIVE_RUNS.delete(this.run);
    this.kept.length = 0;
    await fs.rm(path.join(this.dataDir, VERIFY_UPLOADS, this.run), { recursive: true, force: true });
  }

  /** At start-up: deletes what earlier runs left in verify-uploads/ (a crash, a kill), sparing running bridges. */
  async removeStale(): Promise<void> {
    const root = path.join(this.dataDir, VERIFY_UPLOADS);
    const entries = await fs.readdir(root).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
    for (const entry of entries) {
      const owner = RUN_FOLDER.exec(entry)?.[1];
      if (LIVE_RUNS.has(entry) || (owner !== undefined && Number(owner) !== process.pid && isAlive(Number(owner)))) continue;
      await fs.rm(path.join(root, entry), { recursive: true, force: true });
    }
  }

  private async makeRoom(incoming: number): Promise<void> {
    let used = this.kept.reduce((total, entry) => total + entry.bytes, 0);
    while (this.kept.length > 0 && (used + incoming > this.verifyBytesLimit || this.kept.length + 1 > this.verifyFilesLimit)) {
      const oldest = this.kept.shift()!;
      used -= oldest.bytes;
      await fs.rm(oldest.file, { force: true });
    }
  }

  private async write(folder: string, clean: string, data: AtomicWriteSource): Promise<string> {
    const ext = path.extname(clean);
    const stem = clean.slice(0, clean.length - ext.length) || clean;
    // A stream can be read once: it goes to a name of its own, then is linked to the first free name.
    const staged = data instanceof Uint8Array ? undefined : path.join(folder, `.upload-${randomBytes(6).toString('hex')}`);
    if (staged) await this.writeOnce(staged, data);
    try {
      for (let attempt = 1; attempt <= 1000; attempt += 1) {
        const target = path.join(folder, attempt === 1 ? clean : `${stem} (${attempt})${ext}`);
        try {
          if (staged) await fs.link(staged, target);
          else await this.writeOnce(target, data, false);
          return target;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw storageError(error);
        }
      }
      throw new SigndeskError('ERR_STORAGE', `Too many files named ${clean}`);
    } finally {
      if (staged) await fs.rm(staged, { force: true });
    }
  }

  private async writeOnce(target: string, data: AtomicWriteSource, overwrite = true): Promise<void> {
    try {
      await writeFileAtomic(target, data, { overwrite, maxBytes: MAX_UPLOAD_BYTES });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      throw storageError(error);
    }
  }
}

function tooLarge(): SigndeskError {
  return new SigndeskError('ERR_INPUT_INVALID', `The file is larger than ${MAX_UPLOAD_BYTES} bytes`, { limit: MAX_UPLOAD_BYTES });
}

function storageError(error: unknown): unknown {
  if (error instanceof SigndeskError) return error;
  return new SigndeskError('ERR_STORAGE', `Cannot store the uploaded file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, undefined, { cause: error });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
