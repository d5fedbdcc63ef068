import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const BATCH_MARK = '.batch';
/** An upload that never became a batch (refused, denied, the caller went away) and a crash left behind. */
const ABANDONED_UPLOAD_MS = 60 * 60_000;
/** An unfinished batch nobody resumed: its documents go after a week. */
const FORGOTTEN_BATCH_MS = 7 * 24 * 60 * 60_000;

/**
 * Where uploaded documents wait for consent and signing: `<dataDir>/agent/incoming/<upload>/`. A folder goes when
 * its request is refused or its batch ends; a crash's leftovers go at the next start (`sweep`).
 */
export class IncomingFolders {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'agent', 'incoming');
  }

  create(): string {
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    const folder = path.join(this.root, randomUUID());
    fs.mkdirSync(folder, { mode: 0o700 });
    return folder;
  }

  /** Ties the folder to its batch, so a sweep after a crash can tell whether the batch still needs it. */
  markBatch(folder: string, batchId: string): void {
    fs.writeFileSync(path.join(folder, BATCH_MARK), batchId, { mode: 0o600 });
  }

  remove(folder: string): void {
    if (path.dirname(folder) !== this.root) return;
    fs.rmSync(folder, { recursive: true, force: true });
  }

  /** The same, off the event loop (a batch's folder may hold thousands of files). */
  async removeLater(folder: string): Promise<void> {
    if (path.dirname(folder) !== this.root) return;
    await fs.promises.rm(folder, { recursive: true, force: true });
  }

  /** Removes what no batch needs: `batchState(id)` is null for an unknown batch. */
  sweep(batchState: (batchId: string) => string | null, now = Date.now()): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.root);
    } catch {
      return;
    }
    for (const name of names) {
      const folder = path.join(this.root, name);
      const age = now - (fs.statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? now);
      let batchId: string | null;
      try {
        batchId = fs.readFileSync(path.join(folder, BATCH_MARK), 'utf8').trim();
      } catch {
        batchId = null;
      }
      const state = batchId ? batchState(batchId) : null;
      const finished = state === null || state === 'done' || state === 'cancelled';
      if ((batchId !== null && finished) || (batchId === null && age > ABANDONED_UPLOAD_MS) || age > FORGOTTEN_BATCH_MS) this.remove(folder);
    }
  }
}
