import type { Db } from '../storage/database';
import { splitPinValue } from './split-pin-value';

/**
 * Earlier versions stored a URI's `pin-value` with the batch. Such rows lose it once, with SQLite's secure delete
 * (the old bytes are zeroed, not left in free space) and a truncating checkpoint (the WAL keeps no copy).
 */
export function scrubStoredPins(db: Db): void {
  const rows = db.prepare(`SELECT id, key_ref FROM queue_batches WHERE key_ref LIKE '%pin-value=%'`).all() as Array<{ id: string; key_ref: string }>;
  if (rows.length === 0) return;
  const update = db.prepare('UPDATE queue_batches SET key_ref = ? WHERE id = ?');
  const secureDelete = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    db.transaction(() => {
      for (const row of rows) update.run(scrubbed(row.key_ref), row.id);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`secure_delete = ${Number(secureDelete)}`);
  }
}

/** A URI that no longer parses (it was stored before being checked) still loses its pin-value. */
function scrubbed(keyRef: string): string {
  try {
    return splitPinValue(keyRef).keyRef;
  } catch {
    return keyRef.replace(/[?&;]pin-value=[^&]*/g, '');
  }
}
