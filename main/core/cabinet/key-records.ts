import type { Db } from '../storage/database';
import { SigndeskError } from '../../../preload/contract/errors';

/** A cabinet key as stored. Blobs are DER; `chain` is concatenated DER certificates. */
export interface KeyRecord {
  id: string;
  name: string;
  storage: 'file' | 'token';
  keyRef: string;
  tokenLabel: string | null;
  algorithm: string;
  created: string;
  blocked: boolean;
  certificate: Uint8Array | null;
  chain: Uint8Array[];
  request: Uint8Array | null;
  requestPurpose: 'new' | 'renewal' | 'temporary' | null;
  requestCreated: string | null;
  requestSent: boolean;
  parentId: string | null;
  validityLimit: string | null;
  reference: string | null;
  phone: string | null;
  entropySha256: string | null;
  authorization: Uint8Array | null;
  lastStatus: string | null;
  lastStatusAt: string | null;
  /** A renewal key: the key whose certificate it renews. */
  renewsId: string | null;
  caAddress: string | null;
  /** The CA profile chosen for this key; null: the first profile with a CMP address. */
  caProfileId: string | null;
  /** The name of the key file the user added (shown as its storage); null: a key Signdesk made. */
  sourceName: string | null;
  /** SPKI DER, when known at adding: recognises the same key added twice. */
  publicKey: Uint8Array | null;
  /** The signed acceptance statement of a new key (`…/statements/….txt.p7s`); null: none. */
  statementPath: string | null;
}

interface Row {
  id: string;
  name: string;
  storage: 'file' | 'token';
  key_ref: string;
  token_label: string | null;
  algorithm: string;
  created: string;
  blocked: number;
  certificate: Buffer | null;
  chain: Buffer | null;
  request: Buffer | null;
  request_purpose: KeyRecord['requestPurpose'];
  request_created: string | null;
  request_sent: number;
  parent_id: string | null;
  validity_limit: string | null;
  reference: string | null;
  phone: string | null;
  entropy_sha256: string | null;
  authorization: Buffer | null;
  last_status: string | null;
  last_status_at: string | null;
  renews_id: string | null;
  ca_address: string | null;
  ca_profile_id: string | null;
  source_name: string | null;
  public_key: Buffer | null;
  statement_path: string | null;
}

const COLUMNS: Record<keyof KeyRecord, keyof Row> = {
  id: 'id',
  name: 'name',
  storage: 'storage',
  keyRef: 'key_ref',
  tokenLabel: 'token_label',
  algorithm: 'algorithm',
  created: 'created',
  blocked: 'blocked',
  certificate: 'certificate',
  chain: 'chain',
  request: 'request',
  requestPurpose: 'request_purpose',
  requestCreated: 'request_created',
  requestSent: 'request_sent',
  parentId: 'parent_id',
  validityLimit: 'validity_limit',
  reference: 'reference',
  phone: 'phone',
  entropySha256: 'entropy_sha256',
  authorization: 'authorization',
  lastStatus: 'last_status',
  lastStatusAt: 'last_status_at',
  renewsId: 'renews_id',
  caAddress: 'ca_address',
  caProfileId: 'ca_profile_id',
  sourceName: 'source_name',
  publicKey: 'public_key',
  statementPath: 'statement_path',
};

function splitChain(blob: Buffer | null): Uint8Array[] {
  if (!blob || blob.length === 0) return [];
  const out: Uint8Array[] = [];
  let offset = 0;
  while (offset + 4 <= blob.length) {
    const length = blob.readUInt32BE(offset);
    out.push(new Uint8Array(blob.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return out;
}

function joinChain(chain: readonly Uint8Array[]): Buffer {
  return Buffer.concat(
    chain.flatMap((der) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(der.length);
      return [length, Buffer.from(der)];
    }),
  );
}

function fromRow(row: Row): KeyRecord {
  const bytes = (blob: Buffer | null) => (blob ? new Uint8Array(blob) : null);
  return {
    id: row.id,
    name: row.name,
    storage: row.storage,
    keyRef: row.key_ref,
    tokenLabel: row.token_label,
    algorithm: row.algorithm,
    created: row.created,
    blocked: row.blocked === 1,
    certificate: bytes(row.certificate),
    chain: splitChain(row.chain),
    request: bytes(row.request),
    requestPurpose: row.request_purpose,
    requestCreated: row.request_created,
    requestSent: row.request_sent === 1,
    parentId: row.parent_id,
    validityLimit: row.validity_limit,
    reference: row.reference,
    phone: row.phone,
    entropySha256: row.entropy_sha256,
    authorization: bytes(row.authorization),
    lastStatus: row.last_status,
    lastStatusAt: row.last_status_at,
    renewsId: row.renews_id,
    caAddress: row.ca_address,
    caProfileId: row.ca_profile_id,
    sourceName: row.source_name,
    publicKey: bytes(row.public_key),
    statementPath: row.statement_path,
  };
}

function toColumn(field: keyof KeyRecord, value: unknown): unknown {
  if (field === 'chain') return joinChain(value as Uint8Array[]);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return Buffer.from(value);
  return value ?? null;
}

/** The cabinet's key rows in SQLite. */
export class KeyRecords {
  constructor(private readonly db: Db) {}

  all(): KeyRecord[] {
    return (this.db.prepare('SELECT * FROM cabinet_keys ORDER BY created DESC, id').all() as Row[]).map(fromRow);
  }

  find(id: string): KeyRecord | undefined {
    const row = this.db.prepare('SELECT * FROM cabinet_keys WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  findByRef(keyRef: string): KeyRecord | undefined {
    const row = this.db.prepare('SELECT * FROM cabinet_keys WHERE key_ref = ?').get(keyRef) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  get(id: string): KeyRecord {
    const record = this.find(id);
    if (!record) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No key ${id} in the cabinet`, { keyId: id });
    return record;
  }

  insert(record: KeyRecord): void {
    const fields = Object.keys(COLUMNS) as Array<keyof KeyRecord>;
    const sql = `INSERT INTO cabinet_keys (${fields.map((field) => COLUMNS[field]).join(', ')}) VALUES (${fields.map(() => '?').join(', ')})`;
    this.db.prepare(sql).run(...fields.map((field) => toColumn(field, record[field])));
  }

  update(id: string, patch: Partial<Omit<KeyRecord, 'id'>>): KeyRecord {
    const fields = Object.keys(patch) as Array<keyof typeof patch>;
    if (fields.length > 0) {
      const sql = `UPDATE cabinet_keys SET ${fields.map((field) => `${COLUMNS[field as keyof KeyRecord]} = ?`).join(', ')} WHERE id = ?`;
      const result = this.db.prepare(sql).run(...fields.map((field) => toColumn(field as keyof KeyRecord, patch[field])), id);
      if (result.changes === 0) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No key ${id} in the cabinet`, { keyId: id });
    }
    return this.get(id);
  }
}

/** Every optional field of a new record at its empty value; callers spread their own fields over it. */
export function emptyKeyRecordFields(): Omit<KeyRecord, 'id' | 'name' | 'storage' | 'keyRef' | 'algorithm' | 'created'> {
  return {
    tokenLabel: null,
    blocked: false,
    certificate: null,
    chain: [],
    request: null,
    requestPurpose: null,
    requestCreated: null,
    requestSent: false,
    parentId: null,
    validityLimit: null,
    reference: null,
    phone: null,
    entropySha256: null,
    authorization: null,
    lastStatus: null,
    lastStatusAt: null,
    renewsId: null,
    caAddress: null,
    caProfileId: null,
    sourceName: null,
    publicKey: null,
    statementPath: null,
  };
}
