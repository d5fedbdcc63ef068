import { migrate, type Db } from '../storage/database';

/**
 * The queue's tables. Steps are append-only: a shipped step is never edited.
 * - documents: the to-sign list (by path or from inbox folders), identified by path + size + mtime + SHA-256.
 * - batches / batch_items: the crash-safe journal of one signing run with one key (and who asked for it).
 * - history / history_signers: every signed document, its signers and the signature bytes.
 */
const STEPS: readonly string[] = [
  `CREATE TABLE queue_documents (
     id INTEGER PRIMARY KEY,
     path TEXT NOT NULL,
     size INTEGER NOT NULL,
     mtime_ms INTEGER NOT NULL,
     sha256 TEXT,
     source TEXT NOT NULL,
     added_at TEXT NOT NULL,
     UNIQUE (path)
   );
   CREATE TABLE queue_batches (
     id TEXT PRIMARY KEY,
     key_ref TEXT NOT NULL,
     options TEXT NOT NULL,
     state TEXT NOT NULL,
     total INTEGER NOT NULL,
     done INTEGER NOT NULL DEFAULT 0,
     failed INTEGER NOT NULL DEFAULT 0,
     skipped INTEGER NOT NULL DEFAULT 0,
     total_bytes INTEGER NOT NULL DEFAULT 0,
     owner_pid INTEGER,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     finished_at TEXT,
     fatal_error TEXT
   );
   CREATE INDEX queue_batches_created ON queue_batches (created_at);
   CREATE TABLE queue_batch_items (
     batch_id TEXT NOT NULL REFERENCES queue_batches (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     input_path TEXT NOT NULL,
     output_path TEXT NOT NULL,
     document_id INTEGER,
     state TEXT NOT NULL,
     size INTEGER,
     mtime_ms INTEGER,
     digest BLOB,
     signature BLOB,
     error_code TEXT,
     error_message TEXT,
     PRIMARY KEY (batch_id, seq)
   );
   CREATE INDEX queue_batch_items_state ON queue_batch_items (batch_id, state);
   CREATE TABLE history_entries (
     id INTEGER PRIMARY KEY,
     document_path TEXT NOT NULL,
     document_sha256 TEXT NOT NULL,
     document_size INTEGER NOT NULL,
     output_path TEXT NOT NULL,
     attached INTEGER NOT NULL,
     signature BLOB NOT NULL,
     batch_id TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX history_entries_output ON history_entries (output_path);
   CREATE INDEX history_entries_created ON history_entries (created_at);
   CREATE TABLE history_signers (
     id INTEGER PRIMARY KEY,
     entry_id INTEGER NOT NULL REFERENCES history_entries (id) ON DELETE CASCADE,
     subject TEXT NOT NULL,
     identifiers TEXT NOT NULL,
     key_ref TEXT NOT NULL,
     signed_at TEXT NOT NULL
   );
   CREATE INDEX history_signers_entry ON history_signers (entry_id);`,
  // Who asked for a batch through the signing agent (`origin:https://…`, `token:<id>`); null: the app or the CLI.
  `ALTER TABLE queue_batches ADD COLUMN requested_by TEXT;
   CREATE INDEX queue_batches_requested_by ON queue_batches (requested_by);`,
  // Signature formats: an output is no longer always the signature itself (PAdES, ASiC-E), so the journal keeps its
  // size to recognise it after a crash, and history says which format each entry is.
  `ALTER TABLE queue_batch_items ADD COLUMN output_size INTEGER;
   ALTER TABLE history_entries ADD COLUMN format TEXT NOT NULL DEFAULT 'cades';`,
  // An item that signs several documents together (an ASiC-E packet) lists them here, in order; its row's
  // input_path is the first. The size of an entry's output lets the inbox watcher know our outputs (in-place PDFs
  // keep their names).
  `CREATE TABLE queue_item_inputs (
     batch_id TEXT NOT NULL REFERENCES queue_batches (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     position INTEGER NOT NULL,
     input_path TEXT NOT NULL,
     document_id INTEGER,
     PRIMARY KEY (batch_id, seq, position)
   );
   ALTER TABLE history_entries ADD COLUMN output_size INTEGER;
   CREATE INDEX queue_batch_items_output ON queue_batch_items (output_path);`,
  // The output a running batch is writing, claimed in one BEGIN IMMEDIATE transaction so that a second batch (in this
  // process or another on the same data folder) does not sign over it; released as each item settles and when the
  // run ends. A claim whose batch no longer runs, or whose process is gone, is stale and taken over.
  `CREATE TABLE queue_output_claims (
     output_path TEXT PRIMARY KEY,
     batch_id TEXT NOT NULL,
     owner_pid INTEGER NOT NULL,
     claimed_at TEXT NOT NULL
   );
   CREATE INDEX queue_output_claims_batch ON queue_output_claims (batch_id);`,
];

export function migrateQueue(db: Db): void {
  migrate(db, 'queue', STEPS);
}
