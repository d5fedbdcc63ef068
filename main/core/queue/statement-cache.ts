import type Database from 'better-sqlite3';
import type { Db } from '../storage/database';

type Statement = Database.Statement<unknown[]>;

/** Prepared statements reused by SQL text: a batch runs the same few statements thousands of times. */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare<unknown[]>(sql)));
    return statement;
  }
}
