import type { Db } from '../storage/database';
import type { AgentAllowedOrigin } from '../../../preload/contract/domains/agent';
import { migrateAgent } from './agent-schema';

interface Row {
  origin: string;
  paired_at: string;
  last_used_at: string | null;
}

/** The allow-list of web origins (Settings → Signing agent), kept in the database so it survives restarts. */
export class OriginStore {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    migrateAgent(db);
  }

  list(): AgentAllowedOrigin[] {
    const rows = this.db.prepare('SELECT origin, paired_at, last_used_at FROM agent_origins ORDER BY paired_at').all() as Row[];
    return rows.map((row) => ({ origin: row.origin, pairedAt: row.paired_at, lastUsedAt: row.last_used_at }));
  }

  has(origin: string): boolean {
    return this.db.prepare('SELECT 1 FROM agent_origins WHERE origin = ?').get(origin) !== undefined;
  }

  add(origin: string): void {
    this.db.prepare('INSERT INTO agent_origins (origin, paired_at) VALUES (?, ?) ON CONFLICT(origin) DO NOTHING').run(origin, this.now().toISOString());
  }

  /** true when the origin was on the list. */
  remove(origin: string): boolean {
    return this.db.prepare('DELETE FROM agent_origins WHERE origin = ?').run(origin).changes > 0;
  }

  /** Records a use (at most once a minute per origin: every request would otherwise be a database write). */
  touch(origin: string): void {
    const now = this.now();
    if (now.getTime() - (this.touched.get(origin) ?? 0) < 60_000) return;
    this.touched.set(origin, now.getTime());
    this.db.prepare('UPDATE agent_origins SET last_used_at = ? WHERE origin = ?').run(now.toISOString(), origin);
  }
}
