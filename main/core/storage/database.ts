import Database from 'better-sqlite3';
import { SigndeskError } from '../../../preload/contract/errors';

export type Db = Database.Database;

/** Opens `signdesk.db` in WAL mode; every domain brings its own tables through `migrate`. */
export function openDatabase(file: string): Db {
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS schema_versions (domain TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    return db;
  } catch (error) {
    throw new SigndeskError('ERR_STORAGE', `Cannot open the database ${file}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/**
 * Applies a domain's schema steps in order, each once, in one transaction per step. A domain only ever
 * appends steps; it never edits one that has shipped.
 */
export function migrate(db: Db, domain: string, steps: readonly string[]): void {
  const row = db.prepare('SELECT version FROM schema_versions WHERE domain = ?').get(domain) as { version: number } | undefined;
  const current = row?.version ?? 0;
  for (let index = current; index < steps.length; index++) {
    db.transaction(() => {
      db.exec(steps[index]!);
      db.prepare('INSERT INTO schema_versions (domain, version) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET version = excluded.version').run(domain, index + 1);
    })();
  }
}
