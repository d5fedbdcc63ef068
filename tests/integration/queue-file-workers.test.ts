import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileWorkerPool } from '../../main/core/workers/file-worker-pool';

// The batch's hashing threads: small files are read synchronously, large ones (8 MiB and up) with the next chunk
// read by the thread pool while the previous one is hashed. Both must give the file's digest and bytes.
describe('file workers hash what is on disk', () => {
  let dir: string;
  let pool: FileWorkerPool;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-file-workers-'));
    pool = new FileWorkerPool(2);
  });

  afterAll(async () => {
    await pool?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, bytes: Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  it('small, empty and large files (several read-ahead chunks, an odd tail) under SHA-256 and SHA-512, with their bytes', async () => {
    const files = [
      ['empty', Buffer.alloc(0)],
      ['small', crypto.randomBytes(4096)],
      ['just-under', crypto.randomBytes((8 << 20) - 1)],
      ['large', crypto.randomBytes((24 << 20) + 12345)],
    ] as const;
    for (const hash of ['SHA-256', 'SHA-512'] as const) {
      const results = await Promise.all(files.map(([name, bytes]) => pool.hash({ path: write(name, bytes), hash, wantContent: true, sizeHint: bytes.length })));
      results.forEach((result, index) => {
        const bytes = files[index]![1];
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(Buffer.from(result.digest).toString('hex')).toBe(crypto.createHash(hash === 'SHA-256' ? 'sha256' : 'sha512').update(bytes).digest('hex'));
        expect(result.size).toBe(bytes.length);
        expect(Buffer.from(result.content!).equals(bytes)).toBe(true);
      });
    }
  });

  it('a large file without its bytes, a missing file and a folder: digest, ERR_FILE_NOT_FOUND, ERR_FILE_UNREADABLE', async () => {
    const bytes = crypto.randomBytes(10 << 20);
    const [large, missing, folder] = await Promise.all([
      pool.hash({ path: write('large-digest-only', bytes), hash: 'SHA-256', sizeHint: bytes.length }),
      pool.hash({ path: path.join(dir, 'never-there.pdf'), hash: 'SHA-256' }),
      pool.hash({ path: dir, hash: 'SHA-256' }),
    ]);
    expect(large).toMatchObject({ ok: true, content: null, size: bytes.length });
    expect(large.ok && Buffer.from(large.digest).equals(crypto.createHash('sha256').update(bytes).digest())).toBe(true);
    expect(missing).toMatchObject({ ok: false, code: 'ERR_FILE_NOT_FOUND' });
    expect(folder).toMatchObject({ ok: false, code: 'ERR_FILE_UNREADABLE' });
  });
});
