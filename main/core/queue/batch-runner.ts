import fs from 'node:fs';
import path from 'node:path';
import { TEMP_SUFFIX } from '../fs/atomic-write';
import type { EventBus } from '../events/event-bus';
import type { BatchOptions, BatchState, BatchSummary } from '../../../preload/contract/domains/queue';
import { toErrorPayload, type ErrorCode } from '../../../preload/contract/errors';
import type { BatchJournal, ItemOutcome, JournalItem, WrittenRecord } from './batch-journal';
import type { HistoryStore } from './history-store';
import type { DocumentStore } from './document-store';
import type { FileWorkerPool, HashResult } from './file-worker-pool';
import type { SignatureMaker } from './signature-maker';
import { BatchProgressMeter } from './batch-progress';
import { batchTempPrefix, listFolders, publishTempFiles, writeTempFiles, type PendingOutput } from './output-writer';

/** Errors that stop the whole batch at once (the journal stays as it is, resumable). */
export const FATAL_BATCH_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_PIN_INCORRECT',
  'ERR_PIN_LOCKED',
  'ERR_PIN_REQUIRED',
  'ERR_PASSWORD_INCORRECT',
  'ERR_TOKEN_NOT_PRESENT',
  'ERR_TOKEN_NOT_FOUND',
  'ERR_KEY_BLOCKED',
  'ERR_KEY_NOT_FOUND',
  'ERR_PKCS11',
  'ERR_MODULE_LOAD_FAILED',
  'ERR_TSA',
  'ERR_NETWORK',
  'ERR_CANCELLED',
]);

export interface BatchRunnerDeps {
  journal: BatchJournal;
  history: HistoryStore;
  documents: DocumentStore;
  events: EventBus;
  /** Reads and hashes inputs (CPU-bound: about one worker per core). */
  hashPool: FileWorkerPool;
  /** Writes and fsyncs temp files (I/O-bound: a few more workers so fsyncs overlap). */
  writePool: FileWorkerPool;
}

interface WorkItem extends JournalItem {
  sizeHint: number;
}

interface SignedItem {
  item: WorkItem;
  digest: Uint8Array;
  size: number;
  mtimeMs: number;
  der: Uint8Array;
}

/** An attached signature holds the whole file in memory while it is built. */
const MAX_ATTACHED_BYTES = 256 << 20;
const SIGNATURES_IN_FLIGHT = 64;
const GROUP_FILES = 256;
const GROUP_BYTES = 64 << 20;
const GROUPS_HASHED_AHEAD = 2;
/** Writing a group waits mostly on the file system (creates, fsyncs): a few groups overlap there. */
const GROUPS_WRITTEN_AT_ONCE = 3;
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs one batch: read + hash in worker threads, sign serially with the batch's one key, write each output to
 * an fsynced temp file, record it in the journal, rename it into place (folders fsynced once per group),
 * re-read and verify it, and only then mark it done. Groups overlap: the next group is hashed and signed
 * while the previous one is written.
 */
export class BatchRunner {
  private pauseRequested = false;
  private stopRequested: 'cancel' | 'interrupt' | null = null;
  private wake: (() => void) | null = null;
  private state: BatchState = 'running';
  private meter!: BatchProgressMeter;
  private lastEmit = 0;
  private readonly options: BatchOptions;
  private maker!: SignatureMaker;

  constructor(
    private readonly deps: BatchRunnerDeps,
    readonly batchId: string,
    /** Resolves once the key is open; hashing starts before, so it overlaps module loading and login. */
    private readonly makerReady: Promise<SignatureMaker>,
  ) {
    this.options = deps.journal.get(batchId).options;
  }

  get currentState(): BatchState {
    return this.state;
  }

  pause(): void {
    this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    this.wake?.();
  }

  /** Stops after the group in flight; what was not signed is marked skipped. */
  cancel(): void {
    this.stopRequested = 'cancel';
    this.wake?.();
  }

  /** Stops after the group in flight and leaves the rest pending for `resume` (Ctrl-C, app quit). */
  interrupt(): void {
    this.stopRequested ??= 'interrupt';
    this.wake?.();
  }

  async run(): Promise<BatchSummary> {
    const { journal } = this.deps;
    const start = journal.setState(this.batchId, 'running');
    this.meter = new BatchProgressMeter(this.batchId, start.total, start.totalBytes, start);
    const writing = new GroupsInWriting();
    try {
      const queue = await this.recover(journal.unsettledItems(this.batchId));
      this.emitProgress(true);
      const groups = splitGroups(queue);
      const hashed: Array<Promise<HashResult[]>> = [];
      const hashGroup = (index: number) => {
        if (index < groups.length && !hashed[index]) hashed[index] = Promise.all(groups[index]!.map((item) => this.hash(item)));
      };
      for (let ahead = 0; ahead <= GROUPS_HASHED_AHEAD; ahead++) hashGroup(ahead);
      // A wrong PIN, a locked or absent token rejects here: the batch stops before any signature.
      this.maker = await this.makerReady;
      for (let index = 0; index < groups.length; index++) {
        for (let ahead = 0; ahead <= GROUPS_HASHED_AHEAD; ahead++) hashGroup(index + ahead);
        await this.honourPause(writing);
        if (this.stopRequested) {
          await writing.all();
          return this.stop(groups.slice(index).flat());
        }
        const results = await hashed[index]!;
        const signed = await this.signGroup(groups[index]!, results);
        await writing.room();
        writing.add(this.finishGroup(signed));
      }
      await writing.all();
      return this.finish('done');
    } catch (error) {
      await writing.all().catch(() => undefined);
      const payload = toErrorPayload(error);
      this.state = 'stopped';
      journal.setState(this.batchId, 'stopped', { code: payload.code, message: payload.message });
      this.emitProgress(true);
      this.deps.events.emit('batchFinished', journal.get(this.batchId));
      throw error;
    }
  }

  /**
   * Settles rows a crash left behind and drops what cannot be signed (an output that is not ours). One readdir
   * per output folder tells which outputs and temp files exist.
   */
  private async recover(items: JournalItem[]): Promise<WorkItem[]> {
    const outcomes: ItemOutcome[] = [];
    const confirmed: SignedItem[] = [];
    const work: WorkItem[] = [];
    const listing = listFolders(items.map((item) => path.dirname(item.output)));
    const tempPrefix = batchTempPrefix(this.batchId);
    for (const [folder, names] of listing) {
      // A temp file of this batch is never trusted after a crash: its row was not yet `written`, or the
      // rename is checked below against the recorded bytes.
      for (const name of names) if (name.startsWith(tempPrefix) && name.endsWith(TEMP_SUFFIX)) fs.rmSync(path.join(folder, name), { force: true });
    }
    for (const item of items) {
      const exists = listing.get(path.dirname(item.output))!.has(path.basename(item.output));
      if (exists && item.state === 'written' && item.signature && item.digest) {
        const existing = readIfSize(item.output, item.signature.length);
        if (existing && Buffer.from(existing).equals(item.signature)) {
          confirmed.push({ item: { ...item, sizeHint: item.size ?? 0 }, digest: item.digest, size: item.size ?? 0, mtimeMs: item.mtimeMs ?? 0, der: existing });
          continue;
        }
      }
      if (exists && !this.options.overwrite) {
        outcomes.push({ seq: item.seq, state: 'failed', error: outputExists(item.output) });
        continue;
      }
      work.push({ ...item, sizeHint: item.size ?? 0 });
    }
    if (outcomes.length > 0) {
      this.deps.journal.settle(this.batchId, outcomes);
      for (const outcome of outcomes) this.meter.record(outcome.state, 0);
    }
    if (confirmed.length > 0) {
      this.maker = await this.makerReady;
      await this.verifyAndSettle(confirmed, []);
    }
    return work;
  }

  private hash(item: WorkItem): Promise<HashResult> {
    if (this.options.attached && item.sizeHint > MAX_ATTACHED_BYTES) {
      return Promise.resolve({
        ok: false,
        code: 'ERR_INPUT_INVALID',
        message: `${item.input} is ${Math.round(item.sizeHint / 2 ** 20)} MiB: batches attach files up to ${MAX_ATTACHED_BYTES / 2 ** 20} MiB; sign it detached`,
      });
    }
    return this.deps.hashPool.hash({ path: item.input, hash: this.options.hash, wantContent: this.options.attached, sizeHint: item.sizeHint });
  }

  /**
   * Signs a group in order. Many signatures are in flight at once: a token key makes the ones asked for together
   * in one module task (see TokenKeySigner), and the token layer still serialises the token calls.
   */
  private async signGroup(group: WorkItem[], results: HashResult[]): Promise<{ signed: SignedItem[]; failed: ItemOutcome[] }> {
    const slots: Array<SignedItem | ItemOutcome | undefined> = new Array(group.length);
    let fatal: { error: unknown } | null = null;
    let next = 0;
    const lane = async () => {
      while (next < group.length && fatal === null) {
        const index = next++;
        const item = group[index]!;
        const result = results[index]!;
        if (!result.ok) {
          slots[index] = { seq: item.seq, state: 'failed', error: { code: result.code, message: result.message } };
          continue;
        }
        try {
          const der = await this.maker.sign(result.digest, result.content);
          slots[index] = { item, digest: result.digest, size: result.size, mtimeMs: result.mtimeMs, der };
        } catch (error) {
          const payload = toErrorPayload(error);
          if (FATAL_BATCH_ERRORS.has(payload.code)) fatal ??= { error };
          else slots[index] = { seq: item.seq, state: 'failed', error: { code: payload.code, message: payload.message } };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SIGNATURES_IN_FLIGHT, group.length) }, lane));
    const signed = slots.filter((slot): slot is SignedItem => slot !== undefined && 'der' in slot);
    const failed = slots.filter((slot): slot is ItemOutcome => slot !== undefined && !('der' in slot));
    if (fatal) {
      // What this group signed is not written: those rows stay pending and resume signs them again.
      if (failed.length > 0) this.deps.journal.settle(this.batchId, failed);
      throw (fatal as { error: unknown }).error;
    }
    return { signed, failed };
  }

  private async finishGroup({ signed, failed }: { signed: SignedItem[]; failed: ItemOutcome[] }): Promise<void> {
    const outputs: PendingOutput[] = signed.map((entry) => ({ seq: entry.item.seq, target: entry.item.output, bytes: entry.der }));
    const writeFailures = await writeTempFiles(this.deps.writePool, this.batchId, outputs);
    const written = signed.filter((entry) => !writeFailures.has(entry.item.seq));
    for (const [seq, message] of writeFailures) failed.push({ seq, state: 'failed', error: { code: 'ERR_FILE_UNREADABLE', message } });
    const records: WrittenRecord[] = written.map((entry) => ({ seq: entry.item.seq, size: entry.size, mtimeMs: entry.mtimeMs, digest: entry.digest, signature: entry.der }));
    this.deps.journal.markWritten(this.batchId, records);
    const published = await publishTempFiles(
      this.batchId,
      outputs.filter((output) => !writeFailures.has(output.seq)),
      this.options.overwrite,
    );
    const publishedOk = new Set<number>();
    for (const result of published) {
      if (result.ok) publishedOk.add(result.seq);
      else failed.push({ seq: result.seq, state: 'failed', error: { code: result.code, message: result.message } });
    }
    await this.verifyAndSettle(
      written.filter((entry) => publishedOk.has(entry.item.seq)),
      failed,
    );
  }

  /** Re-reads each output from disk and checks it before its row says done; history rows commit with it. */
  private async verifyAndSettle(entries: SignedItem[], failed: ItemOutcome[]): Promise<void> {
    const done: SignedItem[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await this.maker.check(entry.item.output, entry.der, entry.digest);
          done.push(entry);
        } catch (error) {
          const payload = toErrorPayload(error);
          failed.push({ seq: entry.item.seq, state: 'failed', error: { code: payload.code, message: payload.message } });
        }
      }),
    );
    const signedAt = new Date().toISOString();
    const outcomes: ItemOutcome[] = [...done.map((entry) => ({ seq: entry.item.seq, state: 'done' as const })), ...failed];
    this.deps.journal.settle(this.batchId, outcomes, () => {
      for (const entry of done) {
        this.deps.history.add({
          documentPath: entry.item.input,
          documentSha256: Buffer.from(entry.digest).toString('hex'),
          documentSize: entry.size,
          outputPath: entry.item.output,
          attached: this.options.attached,
          signature: entry.der,
          batchId: this.batchId,
          signer: { ...this.maker.signer, signedAt },
        });
        if (entry.item.documentId !== null) this.deps.documents.remove([entry.item.documentId]);
      }
    });
    for (const entry of done) this.meter.record('done', entry.size);
    for (let count = 0; count < failed.length; count++) this.meter.record('failed', 0);
    this.emitProgress(false);
  }

  private async honourPause(writing: GroupsInWriting): Promise<void> {
    if (!this.pauseRequested || this.stopRequested) return;
    await writing.all();
    this.state = 'paused';
    this.deps.journal.setState(this.batchId, 'paused');
    this.emitProgress(true);
    while (this.pauseRequested && !this.stopRequested) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    if (!this.stopRequested) {
      this.state = 'running';
      this.deps.journal.setState(this.batchId, 'running');
      this.emitProgress(true);
    }
  }

  private stop(rest: WorkItem[]): BatchSummary {
    if (this.stopRequested === 'cancel') {
      this.deps.journal.settle(
        this.batchId,
        rest.map((item) => ({ seq: item.seq, state: 'skipped' as const, error: { code: 'ERR_CANCELLED', message: 'Cancelled' } })),
      );
      for (let count = 0; count < rest.length; count++) this.meter.record('skipped', 0);
      return this.finish('cancelled');
    }
    return this.finish('interrupted');
  }

  private finish(state: BatchState): BatchSummary {
    this.state = state;
    const summary = this.deps.journal.setState(this.batchId, state);
    this.emitProgress(true);
    this.deps.events.emit('batchFinished', summary);
    return summary;
  }

  private emitProgress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < PROGRESS_INTERVAL_MS && this.meter.settled < this.meter.total) return;
    this.lastEmit = now;
    this.deps.events.emit('batchProgress', this.meter.snapshot(this.state));
  }
}

/** The groups being written, fsynced, published and verified; their failures surface on `room` or `all`. */
class GroupsInWriting {
  private readonly groups: Array<Promise<void>> = [];

  add(group: Promise<void>): void {
    // Handled here so that a failure while an older group is awaited is not an unhandled rejection.
    group.catch(() => undefined);
    this.groups.push(group);
  }

  /** Waits until fewer than GROUPS_WRITTEN_AT_ONCE groups are in writing. */
  async room(): Promise<void> {
    while (this.groups.length >= GROUPS_WRITTEN_AT_ONCE) await this.groups.shift();
  }

  async all(): Promise<void> {
    while (this.groups.length > 0) await this.groups.shift();
  }
}

function splitGroups(items: WorkItem[]): WorkItem[][] {
  const groups: WorkItem[][] = [];
  let current: WorkItem[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= GROUP_FILES || bytes + item.sizeHint > GROUP_BYTES)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.sizeHint;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The file's bytes when it exists and has exactly `expectedSize` bytes (anything else cannot be ours). */
function readIfSize(file: string, expectedSize: number): Uint8Array | null {
  try {
    const stat = fs.statSync(file);
    if (stat.size !== expectedSize) return null;
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function outputExists(output: string): { code: string; message: string } {
  return { code: 'ERR_OUTPUT_EXISTS', message: `${output} already exists (use --overwrite to replace it)` };
}
