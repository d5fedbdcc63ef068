import { migrate, type Db } from '../storage/database';

/** The cabinet's tables. Steps are only ever appended. */
export function migrateCabinet(db: Db): void {
  migrate(db, 'cabinet', [
    `CREATE TABLE cabinet_keys (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       storage TEXT NOT NULL CHECK (storage IN ('file', 'token')),
       key_ref TEXT NOT NULL UNIQUE,
       token_label TEXT,
       algorithm TEXT NOT NULL,
       created TEXT NOT NULL,
       blocked INTEGER NOT NULL DEFAULT 0,
       certificate BLOB,
       chain BLOB,
       request BLOB,
       request_purpose TEXT,
       request_created TEXT,
       request_sent INTEGER NOT NULL DEFAULT 0,
       parent_id TEXT REFERENCES cabinet_keys(id) ON DELETE SET NULL,
       validity_limit TEXT,
       reference TEXT,
       phone TEXT,
       entropy_sha256 TEXT,
       authorization BLOB,
       last_status TEXT,
       last_status_at TEXT
     )`,
    `CREATE TABLE cabinet_access_tokens (
       id TEXT PRIMARY KEY,
       key_id TEXT NOT NULL REFERENCES cabinet_keys(id) ON DELETE CASCADE,
       label TEXT NOT NULL,
       prefix TEXT NOT NULL,
       hash TEXT NOT NULL UNIQUE,
       created TEXT NOT NULL,
       revoked TEXT
     )`,
    // A renewal key (kur) points at the key whose certificate it renews.
    `ALTER TABLE cabinet_keys ADD COLUMN renews_id TEXT`,
    // The CA address the application form's QR code named.
    `ALTER TABLE cabinet_keys ADD COLUMN ca_address TEXT`,
    // The CA profile (Settings) the key's certificate requests, renewals, blocks and status checks go to.
    `ALTER TABLE cabinet_keys ADD COLUMN ca_profile_id TEXT`,
    // An added key file's own name (the cabinet's copy is named by the key's id) and the key's public key (SPKI
    // DER), by which the same key added again is recognised.
    `ALTER TABLE cabinet_keys ADD COLUMN source_name TEXT`,
    `ALTER TABLE cabinet_keys ADD COLUMN public_key BLOB`,
    // The acceptance statement the new key signed when its certificate was accepted (an attached .p7s).
    `ALTER TABLE cabinet_keys ADD COLUMN statement_path TEXT`,
  ]);
}
