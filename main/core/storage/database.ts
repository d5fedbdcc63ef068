import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SigndeskError, isDiskFullError } from '../../../preload/contract/errors';
import { diskFullError } from '../fs/disk-full';

export type Db = Database.Database;

/** How long a write waits for another process (the app, the CLI, the bridge) holding the database. */
const BUSY_TIMEOUT_MS = 10_000;

/** Opens `signdesk.db` in WAL mode; every domain brings its own tables through `migrate`. */
export function openDatabase(file: string): Db {
  let db: Db | undefined;
  try {
    db = new Database(file);
    // First: every later statement, the switch to WAL included, waits for another process instead of failing.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    useWal(db);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE IF NOT EXISTS schema_versions (domain TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    return db;
  } catch (error) {
    db?.close();
    if (isOutOfSpace(file, error)) throw diskFullError(file, error);
    throw new SigndeskError('ERR_STORAGE', `Cannot open the database ${file}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** Below this much free space an I/O error of SQLite is taken for a full disk. */
const LOW_SPACE_BYTES = 1024 * 1024;

/**
 * A full disk: SQLITE_FULL / ENOSPC, or an SQLite I/O error (e.g. SQLITE_IOERR_SHMSIZE when the `-shm` file cannot
 * be allocated at open) on a disk with (almost) no space left.
 */
function isOutOfSpace(file: string, error: unknown): boolean {
  if (isDiskFullError(error)) return true;
  if (!String((error as { code?: unknown }).code).startsWith('SQLITE_IOERR')) return false;
  try {
    const stats = fs.statfsSync(path.dirname(file));
    return stats.bavail * stats.bsize < LOW_SPACE_BYTES;
  } catch {
    return false;
  }
}

/**
 * Switches a fresh database to WAL (the mode is then stored in the file). Processes creating the database at once
 * get SQLITE_BUSY here at once, without SQLite waiting the busy timeout (seen several times in 25 rounds of 4 processes),
 * so it is retried until the same timeout.
 */
function useWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(RETRY_PAUSE, 0, 0, 10);
    }
  }
}

const RETRY_PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Applies a domain's schema steps in order, each once. A domain only ever appends steps; it never edits one that
 * has shipped. Safe when several processes open a fresh data folder at once: the version is read again inside
 * one `BEGIN IMMEDIATE` transaction (the database's single writer lock), so the steps run in exactly one of them
 * and the others find them done.
 */
export function migrate(db: Db, domain: string, steps: readonly string[]): void {
  const version = db.prepare('SELECT version FROM schema_versions WHERE domain = ?').pluck();
  if (((version.get(domain) as number | undefined) ?? 0) >= steps.length) return;
  try {
    db.transaction(() => {
      const current = (version.get(domain) as number | undefined) ?? 0;
      for (let index = current; index < steps.length; index++) db.exec(steps[index]!);
      if (current < steps.length) {
        db.prepare('INSERT INTO schema_versions (domain, version) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET version = excluded.version').run(domain, steps.length);
      }
    }).immediate();
  } catch (error) {
    if (isOutOfSpace(db.name, error)) throw diskFullError(db.name, error);
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new SigndeskError('ERR_STORAGE', `The database ${db.name} is held by another Signdesk process: try again`, undefined, { cause: error });
    }
    throw error;
  }
}
