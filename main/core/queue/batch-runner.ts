import fs from 'node:fs';
import path from 'node:path';
import { TEMP_SUFFIX } from '../fs/atomic-write';
import type { EventBus } from '../events/event-bus';
import type { BatchOptions, BatchState, BatchSummary } from '../../../preload/contract/domains/queue';
import { SigndeskError, toErrorPayload, type ErrorCode } from '../../../preload/contract/errors';
import type { BatchJournal, ItemOutcome, JournalItem, WrittenRecord } from './batch-journal';
import type { FormatBatch, FormatPlan, PreparedItem } from '../formats';
import type { WorkerResult } from '../workers/file-worker-protocol';
import type { HistoryStore } from './history-store';
import type { DocumentStore } from './document-store';
import { BatchProgressMeter } from './batch-progress';
import { batchTempPath, batchTempPrefix, listFolders, publishTempFiles, type PendingOutput } from './output-writer';

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
  // A full disk stops the batch resumably: every later item would fail the same way.
  'ERR_STORAGE_FULL',
]);

export interface BatchRunnerDeps {
  journal: BatchJournal;
  history: HistoryStore;
  documents: DocumentStore;
  events: EventBus;
}

interface WorkItem extends JournalItem {
  sizeHint: number;
}

interface SignedItem {
  item: WorkItem;
  prepared: PreparedItem;
  /** The CMS: for CAdES the output itself. */
  der: Uint8Array;
  /** The output's size once written. */
  outputSize?: number;
}

const SIGNATURES_IN_FLIGHT = 64;
const GROUP_FILES = 256;
const GROUP_BYTES = 64 << 20;
const GROUPS_HASHED_AHEAD = 2;
/** Writing a group waits mostly on the file system (creates, fsyncs): a few groups overlap there. */
const GROUPS_WRITTEN_AT_ONCE = 3;
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs one batch in its signature format: prepare each input in worker threads (its hash plan), sign with the batch's
 * one key, write each output to an fsynced temp file, record it in the journal, rename it into place (folders fsynced
 * once per group), re-read and check it, and only then mark it done. Groups overlap: the next group is prepared and
 * signed while the previous one is written.
 */
export class BatchRunner {
  private pauseRequested = false;
  private stopRequested: 'cancel' | 'interrupt' | null = null;
  private wake: (() => void) | null = null;
  private state: BatchState = 'running';
  private meter!: BatchProgressMeter;
  private lastEmit = 0;
  private readonly options: BatchOptions;
  private maker!: FormatBatch;

  constructor(
    private readonly deps: BatchRunnerDeps,
    readonly batchId: string,
    /** The format's hash plan: preparing starts before the key is open (when the hash is known), overlapping the login. */
    private readonly planReady: FormatPlan | Promise<FormatPlan>,
    /** Resolves once the key is open. */
    private readonly makerReady: Promise<FormatBatch>,
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
    const hashed: Array<Promise<Array<WorkerResult<PreparedItem>>>> = [];
    let groups: WorkItem[][] = [];
    try {
      const queue = this.claimOutputs(await this.recover(journal.unsettledItems(this.batchId)));
      this.emitProgress(true);
      groups = splitGroups(queue);
      const hashGroup = (index: number) => {
        if (index >= groups.length || index in hashed) return;
        hashed[index] = Promise.all(groups[index]!.map((item) => this.prepare(item)));
        // Awaited in turn below; a plan that never came (the key did not open) must not be an unhandled rejection.
        hashed[index]!.catch(() => undefined);
      };
      for (let ahead = 0; ahead <= GROUPS_HASHED_AHEAD; ahead++) hashGroup(ahead);
      // A wrong PIN, a locked or absent token rejects here: the batch stops before any signature.
      this.maker = await this.makerReady;
      for (let index = 0; index < groups.length; index++) {
        for (let ahead = 0; ahead <= GROUPS_HASHED_AHEAD; ahead++) hashGroup(index + ahead);
        await this.honourPause(writing);
        if (this.stopRequested) {
          await writing.all();
          await this.sweepTempFiles(hashed, groups);
          return this.stop(groups.slice(index).flat());
        }
        const results = await hashed[index]!;
        const signed = await this.signGroup(groups[index]!, results);
        await writing.room();
        writing.add(this.finishGroup(signed));
      }
      await writing.all();
      await this.sweepTempFiles(hashed, groups);
      return this.finish('done');
    } catch (error) {
      journal.releaseOutputs(this.batchId);
      await writing.all().catch(() => undefined);
      await this.sweepTempFiles(hashed, groups).catch(() => undefined);
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
        this.maker ??= await this.makerReady;
        if (await this.maker.confirm(item.output, { signature: item.signature, outputSize: item.outputSize })) {
          const prepared: PreparedItem = { digest: item.digest, size: item.size ?? 0, mtimeMs: item.mtimeMs ?? 0, content: null };
          confirmed.push({ item: { ...item, sizeHint: item.size ?? 0 }, prepared, der: item.signature, ...(item.outputSize !== null ? { outputSize: item.outputSize } : {}) });
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

  /**
   * Claims the outputs about to be written; an output another running batch is writing fails here as ERR_BUSY
   * (its batch signs it, this one does not sign over it, and history keeps only what is on disk).
   */
  private claimOutputs(work: WorkItem[]): WorkItem[] {
    const held = this.deps.journal.claimOutputs(
      this.batchId,
      work.map((item) => ({ seq: item.seq, output: item.output })),
    );
    if (held.size === 0) return work;
    const outcomes: ItemOutcome[] = work
      .filter((item) => held.has(item.seq))
      .map((item) => ({
        seq: item.seq,
        state: 'failed',
        error: { code: 'ERR_BUSY', message: `${item.output} is being signed by another batch (${held.get(item.seq)}): try again once it has finished` },
      }));
    this.deps.journal.settle(this.batchId, outcomes);
    for (let count = 0; count < outcomes.length; count++) this.meter.record('failed', 0);
    return work.filter((item) => !held.has(item.seq));
  }

  private async prepare(item: WorkItem): Promise<WorkerResult<PreparedItem>> {
    const plan = await this.planReady;
    return plan.prepare({
      input: item.input,
      ...(item.inputs ? { inputs: item.inputs.map((input) => input.path) } : {}),
      output: item.output,
      tempPath: batchTempPath(item.output, this.batchId, item.seq),
      sizeHint: item.sizeHint,
    });
  }

  /**
   * A format may write its temp file while preparing (PAdES copies the PDF there): once the run ends, whatever it
   * prepared and did not publish (items that failed, groups prepared ahead of a stop) is removed, as recover would.
   */
  private async sweepTempFiles(hashed: ReadonlyArray<Promise<unknown> | undefined>, groups: readonly WorkItem[][]): Promise<void> {
    await Promise.allSettled(hashed.filter((promise) => promise !== undefined));
    const prefix = batchTempPrefix(this.batchId);
    for (const [folder, names] of listFolders(groups.flat().map((item) => path.dirname(item.output)))) {
      for (const name of names) if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)) fs.rmSync(path.join(folder, name), { force: true });
    }
  }

  /**
   * Signs a group in order. Many signatures are in flight at once: a token key makes the ones asked for together
   * in one module task (see TokenKeySigner), and the token layer still serialises the token calls.
   */
  private async signGroup(group: WorkItem[], results: Array<WorkerResult<PreparedItem>>): Promise<{ signed: SignedItem[]; failed: ItemOutcome[] }> {
    const slots: Array<SignedItem | ItemOutcome | undefined> = new Array(group.length);
    let fatal: { error: unknown } | null = null;
    let next = 0;
    const lane = async () => {
      while (next < group.length && fatal === null) {
        const index = next++;
        const item = group[index]!;
        const result = results[index]!;
        if (!result.ok) {
          // A full disk while preparing (a format that writes its temp file then) stops the batch like a write.
          if (FATAL_BATCH_ERRORS.has(result.code)) fatal ??= { error: new SigndeskError(result.code, result.message) };
          else slots[index] = { seq: item.seq, state: 'failed', error: { code: result.code, message: result.message } };
          continue;
        }
        try {
          const der = await this.maker.sign(result);
          slots[index] = { item, prepared: result, der };
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
    const outputSizes = new Map<number, number>();
    const writeFailures = new Map<number, { code: string; message: string }>();
    await Promise.all(
      signed.map(async (entry) => {
        const result = await this.maker.write(entry.prepared, entry.der, batchTempPath(entry.item.output, this.batchId, entry.item.seq));
        if (result.ok) outputSizes.set(entry.item.seq, result.outputSize);
        else writeFailures.set(entry.item.seq, { code: result.code, message: result.message });
      }),
    );
    const written = signed.filter((entry) => outputSizes.has(entry.item.seq));
    const full = [...writeFailures.values()].find((error) => error.code === 'ERR_STORAGE_FULL');
    if (full) {
      // The disk is full: nothing of this group counts, and the batch stops resumably (the rows stay pending).
      for (const entry of written) fs.rmSync(batchTempPath(entry.item.output, this.batchId, entry.item.seq), { force: true });
      throw await this.storageFull(full.message);
    }
    for (const [seq, error] of writeFailures) failed.push({ seq, state: 'failed', error });
    const records: WrittenRecord[] = written.map((entry) => ({
      seq: entry.item.seq,
      size: entry.prepared.size,
      mtimeMs: entry.prepared.mtimeMs,
      digest: entry.prepared.digest,
      signature: entry.der,
      outputSize: outputSizes.get(entry.item.seq)!,
    }));
    this.deps.journal.markWritten(this.batchId, records);
    const outputs: PendingOutput[] = written.map((entry) => ({ seq: entry.item.seq, target: entry.item.output }));
    const published = await publishTempFiles(this.batchId, outputs, this.options.overwrite);
    const publishedOk = new Set<number>();
    for (const result of published) {
      if (result.ok) publishedOk.add(result.seq);
      else failed.push({ seq: result.seq, state: 'failed', error: { code: result.code, message: result.message } });
    }
    const fullOnPublish = published.find((result) => !result.ok && result.code === 'ERR_STORAGE_FULL');
    if (fullOnPublish && !fullOnPublish.ok) throw await this.storageFull(fullOnPublish.message);
    await this.verifyAndSettle(
      written.filter((entry) => publishedOk.has(entry.item.seq)).map((entry) => ({ ...entry, outputSize: outputSizes.get(entry.item.seq) })),
      failed,
    );
  }

  /** A full disk, with about how much more space the rest of the batch needs. */
  private async storageFull(message: string): Promise<SigndeskError> {
    const plan = await this.planReady;
    const remaining = this.deps.journal.unsettledItems(this.batchId);
    const neededBytes = remaining.reduce((total, item) => total + plan.outputSizeEstimate(item.size ?? 0), 0);
    const megabytes = Math.max(1, Math.ceil(neededBytes / 1e6));
    return new SigndeskError('ERR_STORAGE_FULL', `${message}. About ${megabytes} MB more are needed to finish the batch: free some space, then resume it`, {
      neededBytes,
      remaining: remaining.length,
    });
  }

  /** Re-reads each output from disk and checks it before its row says done; history rows commit with it. */
  private async verifyAndSettle(entries: SignedItem[], failed: ItemOutcome[]): Promise<void> {
    const done: SignedItem[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        try {
          await this.maker.check(entry.item.output, entry.prepared, entry.der);
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
      // PAdES adds to a PDF (its earlier signatures stay in it); the other formats replace the whole output file.
      const replaces = this.options.overwrite && this.options.format !== 'pades';
      for (const entry of done) {
        if (replaces) this.deps.history.removeReplaced(entry.item.output);
        this.deps.history.add({
          format: this.options.format,
          documentPath: entry.item.input,
          documentSha256: Buffer.from(entry.prepared.digest).toString('hex'),
          documentSize: entry.prepared.size,
          outputPath: entry.item.output,
          outputSize: entry.outputSize ?? null,
          attached: this.options.attached,
          signature: entry.der,
          batchId: this.batchId,
          signer: { ...this.maker.signer, signedAt },
        });
        const documentIds = [entry.item.documentId, ...(entry.item.inputs ?? []).map((input) => input.documentId)].filter((id): id is number => id !== null);
        if (documentIds.length > 0) this.deps.documents.remove([...new Set(documentIds)]);
      }
    });
    for (const entry of done) this.meter.record('done', entry.prepared.size);
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
    this.deps.journal.releaseOutputs(this.batchId);
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

function outputExists(output: string): { code: string; message: string } {
  return { code: 'ERR_OUTPUT_EXISTS', message: `${output} already exists (use --overwrite to replace it)` };
}
