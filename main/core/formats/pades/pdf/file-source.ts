import fs from 'node:fs/promises';
import { SigndeskError } from '../../../../../preload/contract/errors';

/** Positioned reads from a file handle: a PDF is never loaded whole. */
export class FileSource {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly size: number,
  ) {}

  /** Opens `path` for reading; `size` caps what is read (the part of a file that existed before our update). */
  static async open(path: string, size?: number): Promise<FileSource> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new SigndeskError('ERR_FILE_NOT_FOUND', `no such file: ${path}`, { path });
      throw new SigndeskError('ERR_FILE_UNREADABLE', `cannot open ${path}: ${String(error)}`, { path }, { cause: error });
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new SigndeskError('ERR_FILE_UNREADABLE', `not a regular file: ${path}`, { path });
      return new FileSource(handle, Math.min(stat.size, size ?? stat.size));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  async read(offset: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(offset, this.size));
    const want = Math.max(0, Math.min(length, this.size - start));
    const buffer = Buffer.alloc(want);
    let done = 0;
    while (done < want) {
      const { bytesRead } = await this.handle.read(buffer, done, want - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === want ? buffer : buffer.subarray(0, done);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
