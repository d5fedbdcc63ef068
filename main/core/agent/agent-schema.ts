import { migrate, type Db } from '../storage/database';

/** The agent's tables. Steps are append-only. agent_origins: web pages the user allowed to ask for signatures. */
const STEPS: readonly string[] = [
  `CREATE TABLE agent_origins (
     origin TEXT PRIMARY KEY,
     paired_at TEXT NOT NULL,
     last_used_at TEXT
   );`,
];

export function migrateAgent(db: Db): void {
  migrate(db, 'agent', STEPS);
}
