import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../storage/database';
import type { QueueDocument } from '../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../preload/contract/errors';

interface DocumentRow {
  id: number;
  path: string;
  size: number;
  mtime_ms: number;
  sha256: string | null;
  source: QueueDocument['source'];
  added_at: string;
}

/** The to-sign list. A document is identified by path + size + mtime (+ SHA-256 once a batch hashed it). */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  /** Adds files (absolute paths); a path already queued is refreshed with its current size and mtime. */
  add(paths: readonly string[], source: QueueDocument['source']): QueueDocument[] {
    const stats = paths.map((file) => {
      const absolute = path.resolve(file);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(absolute);
      } catch (error) {
        throw new SigndeskError('ERR_FILE_NOT_FOUND', `Cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { path: absolute });
      }
      if (!stat.isFile()) throw new SigndeskError('ERR_FILE_UNREADABLE', `${absolute} is not a regular file`, { path: absolute });
      return { absolute, stat };
    });
    const upsert = this.db.prepare(
      `INSERT INTO queue_documents (path, size, mtime_ms, sha256, source, added_at) VALUES (?, ?, ?, NULL, ?, ?)
       ON CONFLICT(path) DO UPDATE SET
         sha256 = CASE WHEN size = excluded.size AND mtime_ms = excluded.mtime_ms THEN sha256 END,
         size = excluded.size, mtime_ms = excluded.mtime_ms
       RETURNING *`,
    );
    const now = new Date().toISOString();
    const rows: DocumentRow[] = [];
    this.db.transaction(() => {
      for (const { absolute, stat } of stats) rows.push(upsert.get(absolute, stat.size, Math.trunc(stat.mtimeMs), source, now) as DocumentRow);
    })();
    return rows.map(toDocument);
  }

  list(): QueueDocument[] {
    return (this.db.prepare('SELECT * FROM queue_documents ORDER BY id').all() as DocumentRow[]).map(toDocument);
  }

  byIds(ids: readonly number[]): QueueDocument[] {
    const select = this.db.prepare('SELECT * FROM queue_documents WHERE id = ?');
    return ids.map((id) => {
      const row = select.get(id) as DocumentRow | undefined;
      if (!row) throw new SigndeskError('ERR_NOT_FOUND', `No queued document ${id}`);
      return toDocument(row);
    });
  }

  remove(ids: readonly number[]): number {
    const del = this.db.prepare('DELETE FROM queue_documents WHERE id = ?');
    let removed = 0;
    this.db.transaction(() => {
      for (const id of ids) removed += del.run(id).changes;
    })();
    return removed;
  }

  /** Records the hash a batch computed, if the document is still the same file (size and mtime). */
  setHash(id: number, size: number, mtimeMs: number, sha256: string): void {
    this.db.prepare('UPDATE queue_documents SET sha256 = ? WHERE id = ? AND size = ? AND mtime_ms = ?').run(sha256, id, size, Math.trunc(mtimeMs));
  }
}

function toDocument(row: DocumentRow): QueueDocument {
  return { id: row.id, path: row.path, size: row.size, mtimeMs: row.mtime_ms, sha256: row.sha256, source: row.source, addedAt: row.added_at };
}
