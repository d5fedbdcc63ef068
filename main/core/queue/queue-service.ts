import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../storage/database';
import type { EventBus } from '../events/event-bus';
import type { SettingsStore } from '../storage/settings-store';
import type { SigningKey } from '../keys/signing-key';
import type { BatchItem, BatchOptions, BatchSummary, QueueDocument } from '../../../preload/contract/domains/queue';
import type { HistoryEntry, HistorySigner } from '../../../preload/contract/domains/history';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { migrateQueue } from './queue-schema';
import { BatchJournal, type NewBatchItem } from './batch-journal';
import { HistoryStore, type HistoryQuery } from './history-store';
import { DocumentStore } from './document-store';
import { FileWorkerPool } from './file-worker-pool';
import { BatchRunner } from './batch-runner';
import { historyCsv } from './history-csv';
import { InboxWatcher, type InboxWatcherOptions } from './inbox-watcher';
import type { SignatureMaker } from './signature-maker';
import type { SecretProvider } from '../keys';
import { createCmsSignatureMaker } from './cms-signature-maker';

/** A key opened (and logged in) for one batch; `close` logs out and releases it. */
export interface OpenedKey {
  key: SigningKey;
  close(): Promise<void> | void;
}

export interface QueueServiceDeps {
  db: Db;
  events: EventBus;
  settings: SettingsStore;
  /** Resolves a KeyRef, asking for its PIN or password through `askSecret`: one login for the whole batch. */
  openKey(keyRef: string, askSecret: SecretProvider): Promise<OpenedKey>;
  /** Prepares CMS for one batch and key; default: CAdES-BES via main/core/cms, files checked on `pool`. */
  createSignatureMaker?(key: SigningKey, options: BatchOptions, pool: FileWorkerPool): Promise<SignatureMaker> | SignatureMaker;
  watcher?: InboxWatcherOptions;
}

export interface StartBatchInput {
  keyRef: string;
  /** File paths (CLI) … */
  paths?: readonly string[];
  /** … or queued document ids (app). */
  documentIds?: readonly number[];
  options?: Partial<BatchOptions>;
}

interface LiveBatch {
  /** null while the key is being opened. */
  runner: BatchRunner | null;
  done: Promise<BatchSummary>;
  /** Settles once the key is open and signing begins (or rejects with the opening error: a wrong PIN). */
  started: Promise<void>;
}

/** Hashing wants about one thread per core; fsync is I/O-bound and overlaps: a few more threads help both. */
const FILE_WORKERS = Math.min(4, os.availableParallelism() + 1);

/** A PIN or password given up front (IPC), a provider asked on demand (CLI prompt), or none. */
export type BatchSecret = string | undefined | SecretProvider;

function secretProvider(secret: BatchSecret): SecretProvider {
  if (typeof secret === 'function') return secret;
  return async (request) => {
    if (secret !== undefined) return secret;
    throw new SigndeskError(request.kind === 'pin' ? 'ERR_PIN_REQUIRED' : 'ERR_PASSWORD_REQUIRED', `The key ${request.keyRef} needs a ${request.kind === 'pin' ? 'PIN' : 'password'}`);
  };
}

const DEFAULT_OPTIONS: BatchOptions = { attached: false, outDir: null, overwrite: false, tsaUrl: null, hash: 'SHA-256' };

/** Documents to sign, signing batches with their journal, folder watch and history: the `queue` service. */
export class QueueService {
  readonly journal: BatchJournal;
  readonly history: HistoryStore;
  readonly documents: DocumentStore;
  private readonly live = new Map<string, LiveBatch>();
  private filePool: FileWorkerPool | null = null;
  private fileWorkers = FILE_WORKERS;
  private readonly watcher: InboxWatcher;
  private unsubscribeSettings: (() => void) | null = null;

  constructor(private readonly deps: QueueServiceDeps) {
    migrateQueue(deps.db);
    this.journal = new BatchJournal(deps.db);
    this.history = new HistoryStore(deps.db);
    this.documents = new DocumentStore(deps.db);
    this.watcher = new InboxWatcher((file) => this.onInboxFile(file), deps.watcher);
  }

  // ── documents ────────────────────────────────────────────────────────────
  addDocuments(paths: readonly string[]): QueueDocument[] {
    const added = this.documents.add(paths, 'path');
    this.deps.events.emit('queueChanged', { count: this.documents.list().length });
    return added;
  }

  listDocuments(): QueueDocument[] {
    return this.documents.list();
  }

  removeDocuments(ids: readonly number[]): number {
    const removed = this.documents.remove(ids);
    this.deps.events.emit('queueChanged', { count: this.documents.list().length });
    return removed;
  }

  /** Starts watching the inbox folders from the settings, and follows changes to them. */
  async watchInboxes(): Promise<void> {
    this.unsubscribeSettings ??= this.deps.settings.onChange((settings) => void this.watcher.setFolders(settings.watchedFolders));
    await this.watcher.setFolders((await this.deps.settings.get()).watchedFolders);
  }

  // ── batches ──────────────────────────────────────────────────────────────
  /** Records a new batch in the journal (inputs, intended outputs); nothing is signed yet. */
  createBatch(input: StartBatchInput): BatchSummary {
    const options: BatchOptions = { ...DEFAULT_OPTIONS, ...input.options };
    if (options.outDir !== null) {
      options.outDir = path.resolve(options.outDir);
      if (!fs.statSync(options.outDir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new SigndeskError('ERR_FILE_NOT_FOUND', `The output folder ${options.outDir} does not exist`);
      }
    }
    const sources: Array<{ path: string; documentId: number | null }> = [
      ...(input.paths ?? []).map((file) => ({ path: path.resolve(file), documentId: null })),
      ...this.documents.byIds(input.documentIds ?? []).map((document) => ({ path: document.path, documentId: document.id })),
    ];
    if (sources.length === 0) throw new SigndeskError('ERR_USAGE', 'No files to sign');
    const items: NewBatchItem[] = [];
    const outputs = new Set<string>();
    let totalBytes = 0;
    for (const source of sources) {
      const output = options.outDir ? path.join(options.outDir, `${path.basename(source.path)}.p7s`) : `${source.path}.p7s`;
      // The same file twice, or two files with one output name in --out-dir: only the first is signed.
      if (outputs.has(output)) continue;
      outputs.add(output);
      const size = fs.statSync(source.path, { throwIfNoEntry: false })?.size ?? null;
      totalBytes += size ?? 0;
      items.push({ input: source.path, output, documentId: source.documentId, size });
    }
    return this.journal.createBatch(input.keyRef, options, items, totalBytes);
  }

  /**
   * Opens the batch's key (one login) and runs the batch to its end. A wrong PIN, a locked or absent token stops
   * it with the journal intact (state `stopped`) and rejects with that error.
   */
  runBatch(batchId: string, secret: BatchSecret): Promise<BatchSummary> {
    const existing = this.live.get(batchId);
    if (existing) return existing.done;
    if (this.journal.isOwnedElsewhere(batchId)) throw new SigndeskError('ERR_BUSY', `Batch ${batchId} is running in another process`);
    const summary = this.journal.get(batchId);
    if (summary.state === 'done' || summary.state === 'cancelled') return Promise.resolve(summary);
    this.journal.setState(batchId, 'running');
    let markStarted!: (error?: unknown) => void;
    const entry: LiveBatch = {
      runner: null,
      done: Promise.resolve(summary),
      started: new Promise<void>((resolve, reject) => (markStarted = (error) => (error === undefined ? resolve() : reject(error)))),
    };
    // Callers that do not wait for the start must not see an unhandled rejection.
    entry.started.catch(() => undefined);
    this.live.set(batchId, entry);
    entry.done = (async () => {
      const key: { opened: OpenedKey | null } = { opened: null };
      // One pool for reading, hashing, writing and checking: each worker thread costs memory, and a worker
      // blocked in fsync leaves the others to hash.
      const pool = (this.filePool ??= new FileWorkerPool(this.fileWorkers));
      const makeSigner = this.deps.createSignatureMaker ?? createCmsSignatureMaker;
      const makerReady = (async () => {
        key.opened = await this.deps.openKey(summary.keyRef, secretProvider(secret));
        return makeSigner(key.opened.key, summary.options, pool);
      })();
      makerReady.then(
        () => markStarted(),
        (error: unknown) => markStarted(error),
      );
      const runner = new BatchRunner(
        { ...this.deps, journal: this.journal, history: this.history, documents: this.documents, hashPool: pool, writePool: pool },
        batchId,
        makerReady,
      );
      entry.runner = runner;
      const early = this.earlyControl.get(batchId);
      if (early?.pause) runner.pause();
      if (early?.stop === 'cancel') runner.cancel();
      if (early?.stop === 'interrupt') runner.interrupt();
      try {
        const finished = await runner.run();
        if (this.hadDocuments(batchId)) this.deps.events.emit('queueChanged', { count: this.documents.list().length });
        return finished;
      } finally {
        if (this.live.get(batchId) === entry) this.live.delete(batchId);
        this.earlyControl.delete(batchId);
        await key.opened?.close();
      }
    })();
    return entry.done;
  }

  private hadDocuments(batchId: string): boolean {
    return this.deps.db.prepare('SELECT 1 FROM queue_batch_items WHERE batch_id = ? AND document_id IS NOT NULL LIMIT 1').get(batchId) !== undefined;
  }

  /** Control requests that arrived before the batch's runner existed. */
  private readonly earlyControl = new Map<string, { pause?: boolean; stop?: 'cancel' | 'interrupt' }>();

  /**
   * For the app: creates the batch and starts it in the background; resolves once the key is open (a wrong PIN
   * rejects here). Progress and the end come as `batchProgress` / `batchFinished` events.
   */
  async start(input: StartBatchInput, secret: BatchSecret): Promise<BatchSummary> {
    const batch = this.createBatch(input);
    const done = this.runBatch(batch.id, secret);
    done.catch(() => undefined);
    try {
      await this.live.get(batch.id)?.started;
    } catch (error) {
      // The batch is recorded as stopped (resumable) before the caller hears why.
      await done.catch(() => undefined);
      throw error;
    }
    return this.journal.get(batch.id);
  }

  /** createBatch + runBatch. */
  async sign(input: StartBatchInput, secret: BatchSecret): Promise<BatchSummary> {
    const batch = this.createBatch(input);
    return this.runBatch(batch.id, secret);
  }

  /** How many worker threads read, hash and write files (`--jobs`); takes effect for the next batch. */
  setFileWorkers(count: number): void {
    this.fileWorkers = count;
  }

  pause(batchId: string): BatchSummary {
    const live = this.live.get(batchId);
    if (!live) throw new SigndeskError('ERR_NOT_FOUND', `Batch ${batchId} is not running`);
    if (live.runner) live.runner.pause();
    else this.earlyControl.set(batchId, { ...this.earlyControl.get(batchId), pause: true });
    return this.journal.get(batchId);
  }

  /** A paused batch of this process continues; any other unfinished batch is run again (its key opened again). */
  resume(batchId: string, secret: BatchSecret): BatchSummary {
    const live = this.live.get(batchId)?.runner;
    const early = this.earlyControl.get(batchId);
    if (early) early.pause = false;
    if (live) live.resume();
    else if (!this.live.has(batchId)) this.runBatch(batchId, secret).catch(() => undefined);
    return this.journal.get(batchId);
  }

  cancel(batchId: string): BatchSummary {
    const entry = this.live.get(batchId);
    if (entry) {
      if (entry.runner) entry.runner.cancel();
      else this.earlyControl.set(batchId, { ...this.earlyControl.get(batchId), stop: 'cancel' });
      return this.journal.get(batchId);
    }
    const summary = this.journal.get(batchId);
    if (summary.state === 'done' || summary.state === 'cancelled') return summary;
    if (this.journal.isOwnedElsewhere(batchId)) throw new SigndeskError('ERR_BUSY', `Batch ${batchId} is running in another process`);
    const rest = this.journal.unsettledItems(batchId).filter((item) => item.state === 'pending');
    this.journal.settle(batchId, rest.map((item) => ({ seq: item.seq, state: 'skipped' as const, error: { code: 'ERR_CANCELLED', message: 'Cancelled' } })));
    return this.journal.setState(batchId, 'cancelled');
  }

  /** Stops a running batch after its current group, leaving the rest for resume (Ctrl-C, app quit). */
  interrupt(batchId: string): void {
    const live = this.live.get(batchId)?.runner;
    if (live) live.interrupt();
    else if (this.live.has(batchId)) this.earlyControl.set(batchId, { ...this.earlyControl.get(batchId), stop: 'interrupt' });
  }

  batches(limit?: number): BatchSummary[] {
    return this.journal.list(limit);
  }

  /** Batches a crash, Ctrl-C or a fatal error left unfinished, newest first (the app offers to resume them). */
  interrupted(): BatchSummary[] {
    return this.journal.unfinished().filter((batch) => !this.live.has(batch.id));
  }

  items(batchId: string, offset?: number, limit?: number, state?: BatchItem['state']): BatchItem[] {
    this.journal.get(batchId);
    return this.journal.items(batchId, offset, limit, state);
  }

  // ── history ──────────────────────────────────────────────────────────────
  listHistory(query: HistoryQuery = {}): HistoryEntry[] {
    return this.history.list(query);
  }

  historyEntry(id: number): HistoryEntry {
    return this.history.get(id);
  }

  exportHistoryCsv(query: HistoryQuery = {}): string {
    return historyCsv(this.history.list({ ...query, limit: undefined, offset: undefined }));
  }

  /** Writes the stored signature of an entry to `target` (works after the original output was moved). */
  async exportSignature(id: number, target: string, overwrite = false): Promise<string> {
    const absolute = path.resolve(target);
    try {
      await writeFileAtomic(absolute, this.history.signature(id), { overwrite, mode: 0o644 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `${absolute} already exists`);
      throw error;
    }
    return absolute;
  }

  /** A co-signature of a file in history adds its signer to the same entry. Null when the file is not in history. */
  recordCosignature(outputPath: string, signature: Uint8Array, signer: HistorySigner): number | null {
    return this.history.addCosigner(path.resolve(outputPath), signature, signer);
  }

  async close(): Promise<void> {
    for (const [id, { runner }] of this.live) {
      if (runner) runner.interrupt();
      else this.earlyControl.set(id, { ...this.earlyControl.get(id), stop: 'interrupt' });
    }
    await Promise.allSettled([...this.live.values()].map((entry) => entry.done));
    this.unsubscribeSettings?.();
    await this.watcher.close();
    await this.filePool?.close();
    this.filePool = null;
  }

  private onInboxFile(file: string): void {
    try {
      this.documents.add([file], 'watch');
      this.deps.events.emit('queueChanged', { count: this.documents.list().length });
    } catch (error) {
      // The file vanished between the watcher's event and our stat: nothing to queue.
      if (!(error instanceof SigndeskError && error.code === 'ERR_FILE_NOT_FOUND')) throw error;
    }
  }
}
