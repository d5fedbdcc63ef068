import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../main/core/services';
import { bundleNodeScript } from '../helpers/bundle-cli';

/** Several real processes, each answering one line per data folder it is told to open. */
const PROCESSES = 4;
const ROUNDS = 25;

interface Worker {
  child: ChildProcess;
  answers: AsyncIterator<string>;
}

let workers: Worker[] = [];
let root: string;
let script: string;

function schemaOf(dataDir: string): { objects: unknown[]; versions: Array<{ domain: string; version: number }> } {
  const db = new Database(path.join(dataDir, 'signdesk.db'), { readonly: true });
  try {
    return {
      objects: db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all(),
      versions: db.prepare('SELECT domain, version FROM schema_versions ORDER BY domain').all() as Array<{ domain: string; version: number }>,
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  script = await bundleNodeScript('tests/helpers/open-data-dir-worker.ts');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-first-start-'));
  workers = Array.from({ length: PROCESSES }, () => {
    const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
    return { child, answers: readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
  });
});

afterAll(() => {
  for (const { child } of workers) child.stdin?.end();
  fs.rmSync(root, { recursive: true, force: true });
  if (script) fs.rmSync(path.dirname(script), { recursive: true, force: true });
});

describe('two (or more) processes starting on one fresh data folder', () => {
  it(`${PROCESSES} processes × ${ROUNDS} fresh folders: every process opens the core, the schema is made once`, async () => {
    const failures: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = path.join(root, `round-${round}`);
      // The same line to every process at once: they race on creating the folder, the database and the tables.
      for (const { child } of workers) child.stdin!.write(`${JSON.stringify({ dataDir })}\n`);
      const answers = await Promise.all(workers.map(async ({ answers }) => JSON.parse((await answers.next()).value as string) as { ok: boolean }));
      failures.push(...answers.filter((answer) => !answer.ok).map((answer) => ({ round, ...answer })));
    }
    expect(failures).toEqual([]);

    // Each domain's steps ran once: every folder has exactly the schema one process alone makes.
    const reference = path.join(root, 'alone');
    const alone = createServices({ dataDir: reference, runtime: 'cli' });
    alone.queue.batches();
    await alone.cabinet.list();
    await alone.close();
    const expected = schemaOf(reference);
    expect(expected.versions.map((row) => row.domain)).toEqual(['cabinet', 'queue']);
    for (let round = 0; round < ROUNDS; round++) expect(schemaOf(path.join(root, `round-${round}`)), `round ${round}`).toEqual(expected);
  });
});
