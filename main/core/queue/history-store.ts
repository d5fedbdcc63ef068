import type { Db } from '../storage/database';
import { StatementCache } from './statement-cache';
import type { HistoryEntry, HistorySigner } from '../../../preload/contract/domains/history';
import type { SignatureFormatId } from '../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../preload/contract/errors';
import { subjectNamesOfText } from '../pki/subject-names';

export interface NewHistoryEntry {
  format: SignatureFormatId;
  documentPath: string;
  documentSha256: string;
  documentSize: number;
  outputPath: string;
  attached: boolean;
  signature: Uint8Array;
  batchId: string | null;
  signer: HistorySigner;
  /** The output's size as written (the inbox watcher knows our outputs by path and size). */
  outputSize?: number | null;
}

export interface HistoryQuery {
  text?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

interface EntryRow {
  id: number;
  format: SignatureFormatId;
  document_path: string;
  document_sha256: string;
  document_size: number;
  output_path: string;
  attached: number;
  output_size: number | null;
  batch_id: string | null;
  created_at: string;
  updated_at: string;
}

interface SignerRow {
  entry_id: number;
  subject: string;
  identifiers: string;
  key_ref: string;
  signed_at: string;
}

/** Every signed document with its signers, output path and signature bytes. */
export class HistoryStore {
  private readonly sql: StatementCache;

  constructor(private readonly db: Db) {
    this.sql = new StatementCache(db);
  }

  /** Call inside the journal's transaction so history and journal commit together. */
  add(entry: NewHistoryEntry): number {
    const now = new Date().toISOString();
    const result = this.sql
      .get(
        `INSERT INTO history_entries (format, document_path, document_sha256, document_size, output_path, output_size, attached, signature, batch_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.format, entry.documentPath, entry.documentSha256, entry.documentSize, entry.outputPath, entry.outputSize ?? null, entry.attached ? 1 : 0, entry.signature, entry.batchId, now, now);
    const id = Number(result.lastInsertRowid);
    this.insertSigner(id, entry.signer);
    return id;
  }

  /**
   * A signature file replaced as a whole (signed again with overwrite): the entries of what it held before describe
   * signatures no longer on disk and go. Call inside the journal's transaction, before `add`.
   */
  removeReplaced(outputPath: string): void {
    this.sql.get('DELETE FROM history_entries WHERE output_path = ?').run(outputPath);
  }

  /**
   * A co-signature: the signer joins the entry of the signature file at `outputPath` (the newest one) and the
   * stored bytes become the co-signed signature. Returns the entry id, or null when the file is not in history.
   */
  addCosigner(outputPath: string, signature: Uint8Array, signer: HistorySigner, outputSize: number | null = null): number | null {
    const row = this.sql.get('SELECT id FROM history_entries WHERE output_path = ? ORDER BY id DESC LIMIT 1').get(outputPath) as { id: number } | undefined;
    if (!row) return null;
    this.db.transaction(() => {
      this.sql.get('UPDATE history_entries SET signature = ?, output_size = ?, updated_at = ? WHERE id = ?').run(signature, outputSize, new Date().toISOString(), row.id);
      this.insertSigner(row.id, signer);
    })();
    return row.id;
  }

  /**
   * The signature file at `outputPath` changed in place without a new signer (extended to a long-term level): its
   * newest entry keeps the new size and, when given, the new bytes. Returns the entry id, or null when not in history.
   */
  replaceSignature(outputPath: string, signature: Uint8Array | null, outputSize: number): number | null {
    const row = this.sql.get('SELECT id FROM history_entries WHERE output_path = ? ORDER BY id DESC LIMIT 1').get(outputPath) as { id: number } | undefined;
    if (!row) return null;
    const now = new Date().toISOString();
    if (signature) this.sql.get('UPDATE history_entries SET signature = ?, output_size = ?, updated_at = ? WHERE id = ?').run(signature, outputSize, now, row.id);
    else this.sql.get('UPDATE history_entries SET output_size = ?, updated_at = ? WHERE id = ?').run(outputSize, now, row.id);
    return row.id;
  }

  get(id: number): HistoryEntry {
    const row = this.sql.get('SELECT * FROM history_entries WHERE id = ?').get(id) as EntryRow | undefined;
    if (!row) throw new SigndeskError('ERR_NOT_FOUND', `No history entry ${id}`);
    return this.withSigners([row])[0]!;
  }

  /** Whether an entry's output is `outputPath` with exactly `size` bytes (the inbox watcher never takes our outputs). */
  isOutput(outputPath: string, size: number): boolean {
    return this.sql.get('SELECT 1 FROM history_entries WHERE output_path = ? AND output_size = ? LIMIT 1').get(outputPath, size) !== undefined;
  }

  signature(id: number): Uint8Array {
    const row = this.sql.get('SELECT signature FROM history_entries WHERE id = ?').get(id) as { signature: Buffer } | undefined;
    if (!row) throw new SigndeskError('ERR_NOT_FOUND', `No history entry ${id}`);
    return new Uint8Array(row.signature);
  }

  list(query: HistoryQuery = {}): HistoryEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.text) {
      where.push(
        `(e.document_path LIKE ? ESCAPE '\\' OR e.output_path LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM history_signers s WHERE s.entry_id = e.id AND s.subject LIKE ? ESCAPE '\\'))`,
      );
      const like = `%${query.text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      params.push(like, like, like);
    }
    if (query.from) {
      where.push('e.created_at >= ?');
      params.push(new Date(query.from).toISOString());
    }
    if (query.to) {
      where.push('e.created_at <= ?');
      params.push(new Date(query.to).toISOString());
    }
    const sql = `SELECT e.* FROM history_entries e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`;
    params.push(query.limit ?? -1, query.offset ?? 0);
    return this.withSigners(this.sql.get(sql).all(...params) as EntryRow[]);
  }

  private insertSigner(entryId: number, signer: HistorySigner): void {
    this.sql
      .get('INSERT INTO history_signers (entry_id, subject, identifiers, key_ref, signed_at) VALUES (?, ?, ?, ?, ?)')
      .run(entryId, signer.subject, JSON.stringify(signer.identifiers), signer.keyRef, signer.signedAt);
  }

  private withSigners(rows: EntryRow[]): HistoryEntry[] {
    if (rows.length === 0) return [];
    const signers = new Map<number, HistorySigner[]>();
    const select = this.sql.get('SELECT * FROM history_signers WHERE entry_id = ? ORDER BY id');
    for (const row of rows) {
      signers.set(
        row.id,
        (select.all(row.id) as SignerRow[]).map((signer) => ({
          subject: signer.subject,
          ...subjectNamesOfText(signer.subject),
          identifiers: JSON.parse(signer.identifiers) as Record<string, string>,
          keyRef: signer.key_ref,
          signedAt: signer.signed_at,
        })),
      );
    }
    return rows.map((row) => ({
      id: row.id,
      format: row.format,
      documentPath: row.document_path,
      documentSha256: row.document_sha256,
      documentSize: row.document_size,
      outputPath: row.output_path,
      outputSize: row.output_size,
      attached: row.attached === 1,
      batchId: row.batch_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      signers: signers.get(row.id) ?? [],
    }));
  }
}
