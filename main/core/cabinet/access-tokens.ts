import crypto from 'node:crypto';
import type { Db } from '../storage/database';
import type { AccessTokenInfo } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';

const TOKEN_PREFIX = 'sdk_';

interface Row {
  id: string;
  key_id: string;
  label: string;
  prefix: string;
  created: string;
  revoked: string | null;
}

function info(row: Row): AccessTokenInfo {
  return { id: row.id, keyId: row.key_id, label: row.label, prefix: row.prefix, created: row.created, revoked: row.revoked };
}

/** SHA-256 is enough here: the token is 256 random bits, so there is nothing to brute-force. */
export function hashAccessToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Access tokens for the local API: random, shown once, kept only as a hash, each scoped to one key,
 * revocable. `verify` answers which key a presented token may use.
 */
export class AccessTokens {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(keyId: string, label: string): { token: string; info: AccessTokenInfo } {
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
    const row: Row = { id: crypto.randomUUID(), key_id: keyId, label, prefix: token.slice(0, TOKEN_PREFIX.length + 6), created: this.now().toISOString(), revoked: null };
    this.db
      .prepare('INSERT INTO cabinet_access_tokens (id, key_id, label, prefix, hash, created, revoked) VALUES (?, ?, ?, ?, ?, ?, NULL)')
      .run(row.id, row.key_id, row.label, row.prefix, hashAccessToken(token), row.created);
    return { token, info: info(row) };
  }

  list(keyId: string): AccessTokenInfo[] {
    return (this.db.prepare('SELECT id, key_id, label, prefix, created, revoked FROM cabinet_access_tokens WHERE key_id = ? ORDER BY created DESC').all(keyId) as Row[]).map(info);
  }

  revoke(tokenId: string): AccessTokenInfo {
    this.db.prepare('UPDATE cabinet_access_tokens SET revoked = ? WHERE id = ? AND revoked IS NULL').run(this.now().toISOString(), tokenId);
    const row = this.db.prepare('SELECT id, key_id, label, prefix, created, revoked FROM cabinet_access_tokens WHERE id = ?').get(tokenId) as Row | undefined;
    if (!row) throw new SigndeskError('ERR_NOT_FOUND', `No access token ${tokenId}`);
    return info(row);
  }

  /** The key id a token grants, or ERR_UNAUTHORIZED for an unknown or revoked token. */
  verify(token: string): string {
    return this.lookup(token).keyId;
  }

  /** The token's record (never the token), or ERR_UNAUTHORIZED for an unknown or revoked token: checked on every call. */
  lookup(token: string): AccessTokenInfo {
    const row = this.db.prepare('SELECT id, key_id, label, prefix, created, revoked FROM cabinet_access_tokens WHERE hash = ?').get(hashAccessToken(token)) as Row | undefined;
    if (!row || row.revoked !== null) throw new SigndeskError('ERR_UNAUTHORIZED', 'The access token is unknown or revoked');
    return info(row);
  }
}
