import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../storage/database';
import type { EventBus } from '../events/event-bus';
import type { SettingsStore } from '../storage/settings-store';
import { contentHashFor, type SigningHashName, type SigningKey } from '../crypto';
import type { BatchItem, BatchOptions, BatchSummary, QueueDocument } from '../../../preload/contract/domains/queue';
import type { HistoryEntry, HistorySigner } from '../../../preload/contract/domains/history';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { migrateQueue } from './queue-schema';
import { BatchJournal, type NewBatchItem } from './batch-journal';
import { HistoryStore, type HistoryQuery } from './history-store';
import { DocumentStore } from './document-store';
import { formatById, type FormatBatch, type FormatPlan, type ResolvedBatchOptions } from '../formats';
import { FileWorkerPool } from '../workers/file-worker-pool';
import { BatchRunner } from './batch-runner';
import { historyCsv } from './history-csv';
import { InboxWatcher, type InboxWatcherOptions } from './inbox-watcher';
import type { SecretProvider } from '../keys';
import { splitPinValue } from './split-pin-value';
import { scrubStoredPins } from './scrub-stored-pins';

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
  /** Replaces the format's signer for one batch and key (tests that drive the journal's recovery precisely). */
  createFormatBatch?(key: SigningKey, options: ResolvedBatchOptions, pool: FileWorkerPool): Promise<FormatBatch> | FormatBatch;
  /** The hash a key signs with by default, when the cabinet knows the key (so files are hashed while it opens). */
  defaultHashOf?(keyRef: string): SigningHashName | undefined;
  watcher?: InboxWatcherOptions;
}

export interface StartBatchInput {
  keyRef: string;
  /** File paths (CLI) … */
  paths?: readonly string[];
  /** … or queued document ids (app). */
  documentIds?: readonly number[];
  options?: Partial<BatchOptions>;
  /** The signing agent's caller (`origin:https://…`, `token:<id>`), recorded with the batch. */
  requestedBy?: string;
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

function secretProvider(secret: BatchSecret, pinFromUri?: string): SecretProvider {
  if (pinFromUri !== undefined) {
    const rest = secretProvider(secret);
    return async (request) => (request.kind === 'pin' ? pinFromUri : rest(request));
  }
  if (typeof secret === 'function') return secret;
  return async (request) => {
    if (secret !== undefined) return secret;
    throw new SigndeskError(request.kind === 'pin' ? 'ERR_PIN_REQUIRED' : 'ERR_PASSWORD_REQUIRED', `The key ${request.keyRef} needs a ${request.kind === 'pin' ? 'PIN' : 'password'}`);
  };
}

const DEFAULT_OPTIONS: BatchOptions = { format: 'cades', attached: false, outDir: null, overwrite: false, tsaUrl: null, hash: null };

/** Above this a signature file extended in place is not copied into history again. */
const HISTORY_SIGNATURE_LIMIT = 64 * 1024 * 1024;

/** Options that only some formats take are refused with the others, rather than silently ignored. */
function checkFormatOptions(options: BatchOptions): void {
  if (options.inPlace && options.format !== 'pades') throw new SigndeskError('ERR_USAGE', 'Only PDF signatures (PAdES) can be written in place');
  if (options.inPlace && options.outDir !== null) throw new SigndeskError('ERR_USAGE', 'In place and an output folder exclude each other');
  if (options.visible && options.format !== 'pades') throw new SigndeskError('ERR_USAGE', 'A visible signature needs the PDF format (PAdES)');
  if (options.packet && options.format !== 'asice') throw new SigndeskError('ERR_USAGE', 'A packet of documents is an ASiC-E container: use the asice format');
  if (options.packet && (options.packet.includes('/') || options.packet.includes('\\') || !/\.asice$/i.test(options.packet))) {
    throw new SigndeskError('ERR_USAGE', `A packet is a file name ending in .asice, without a folder: ${options.packet}`);
  }
  if (options.attached && options.format !== 'cades') throw new SigndeskError('ERR_USAGE', 'Attached signatures are a CAdES option: PDF and ASiC-E signatures always travel with their documents');
}

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
  /** A `pin-value` given in the batch's URI: kept in memory for the batch's first run, never stored. */
  private readonly pinsFromUris = new Map<string, string>();

  constructor(private readonly deps: QueueServiceDeps) {
    migrateQueue(deps.db);
    scrubStoredPins(deps.db);
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
  /** Records a new batch in the journal (inputs, intended outputs; the key without a PIN); nothing is signed yet. */
  createBatch(input: StartBatchInput): BatchSummary {
    const { keyRef, pin } = splitPinValue(input.keyRef);
    const options: BatchOptions = { ...DEFAULT_OPTIONS, ...input.options };
    options.hash ??= this.deps.defaultHashOf?.(keyRef) ?? null;
    if (options.outDir !== null) {
      options.outDir = path.resolve(options.outDir);
      if (!fs.statSync(options.outDir, { throwIfNoEntry: false })?.isDirectory()) {
        throw new SigndeskError('ERR_FILE_NOT_FOUND', `The output folder ${options.outDir} does not exist`);
      }
    }
    checkFormatOptions(options);
    // In place, the output is the input itself: replacing it is the point (atomically, by rename).
    if (options.inPlace) options.overwrite = true;
    const format = formatById(options.format);
    const sources: Array<{ path: string; documentId: number | null }> = [
      ...(input.paths ?? []).map((file) => ({ path: path.resolve(file), documentId: null })),
      ...this.documents.byIds(input.documentIds ?? []).map((document) => ({ path: document.path, documentId: document.id })),
    ];
    if (sources.length === 0) throw new SigndeskError('ERR_USAGE', 'No files to sign');
    const items: NewBatchItem[] = [];
    const outputs = new Set<string>();
    let totalBytes = 0;
    if (options.packet) {
      // One container for every document: one item whose inputs are all of them (the same file once).
      const unique = [...new Map(sources.map((source) => [source.path, source])).values()];
      const sizes = unique.map((source) => fs.statSync(source.path, { throwIfNoEntry: false })?.size ?? 0);
      totalBytes = sizes.reduce((total, size) => total + size, 0);
      const first = unique[0]!;
      items.push({ input: first.path, output: format.outputPath(first.path, options), documentId: first.documentId, size: totalBytes, inputs: unique.map((source) => ({ path: source.path, documentId: source.documentId })) });
    } else {
      for (const source of sources) {
        const output = format.outputPath(source.path, options);
        // The same file twice, or two files with one output name in --out-dir: only the first is signed.
        if (outputs.has(output)) continue;
        outputs.add(output);
        const size = fs.statSync(source.path, { throwIfNoEntry: false })?.size ?? null;
        totalBytes += size ?? 0;
        items.push({ input: source.path, output, documentId: source.documentId, size });
      }
    }
    const batch = this.journal.createBatch(keyRef, options, items, totalBytes, input.requestedBy ?? null);
    if (pin !== undefined) this.pinsFromUris.set(batch.id, pin);
    return batch;
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
      const format = formatById(summary.options.format);
      const makeSigner = this.deps.createFormatBatch ?? format.createBatch.bind(format);
      const opened = (async () => {
        key.opened = await this.deps.openKey(summary.keyRef, secretProvider(secret, this.pinsFromUris.get(batchId)));
        // Without a hash of its own the batch signs with the key's.
        const options: ResolvedBatchOptions = { ...summary.options, hash: contentHashFor(key.opened.key, summary.options.hash) };
        return { key: key.opened.key, options };
      })();
      const keyReady = opened.then(({ key: signingKey }) => signingKey);
      // The runner hears a failed opening through makerReady; the plan only waits on the key.
      keyReady.catch(() => undefined);
      const makerReady = opened.then(({ key: signingKey, options }) => makeSigner(signingKey, options, pool));
      makerReady.then(
        () => markStarted(),
        (error: unknown) => markStarted(error),
      );
      // Files are hashed while the key opens when the hash is known; otherwise once the key says which.
      const known = summary.options.hash;
      const plan: FormatPlan | Promise<FormatPlan> = known ? format.plan({ ...summary.options, hash: known }, pool, keyReady) : opened.then(({ options }) => format.plan(options, pool, keyReady));
      const runner = new BatchRunner(
        { ...this.deps, journal: this.journal, history: this.history, documents: this.documents },
        batchId,
        plan,
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
        // Another run (a resume) asks for the PIN again, as after a restart.
        this.pinsFromUris.delete(batchId);
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
    try {
      return await this.startBatch(batch.id, secret);
    } catch (error) {
      // The key did not open (wrong password, token gone): nothing was signed and the app makes a new batch on the
      // next try, so this one is no "interrupted batch" to resume.
      this.journal.discardUntouched(batch.id);
      throw error;
    }
  }

  /**
   * Runs a recorded batch in the background and resolves once its key is open. A wrong PIN rejects here and
   * leaves the batch `stopped`, so the same batch can be started again with the right one.
   */
  async startBatch(batchId: string, secret: BatchSecret): Promise<BatchSummary> {
    const done = this.runBatch(batchId, secret);
    done.catch(() => undefined);
    try {
      await this.live.get(batchId)?.started;
    } catch (error) {
      // The batch is recorded as stopped (resumable) before the caller hears why.
      await done.catch(() => undefined);
      throw error;
    }
    return this.journal.get(batchId);
  }

  /** Resolves when the batch is no longer running in this process (at once when it is not). */
  async settled(batchId: string): Promise<BatchSummary> {
    await this.live.get(batchId)?.done.catch(() => undefined);
    return this.journal.get(batchId);
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
  recordCosignature(outputPath: string, signature: Uint8Array, signer: HistorySigner, outputSize: number | null = null): number | null {
    return this.history.addCosigner(path.resolve(outputPath), signature, signer, outputSize);
  }

  /**
   * A signature file in history was extended in place (long-term data, time-stamps): the entry keeps its new bytes (up
   * to the in-memory limit; a larger attached signature keeps the original bytes, the file on disk is the truth) and size.
   */
  async recordExtension(outputPath: string): Promise<number | null> {
    const absolute = path.resolve(outputPath);
    const { size } = await fs.promises.stat(absolute);
    const bytes = size <= HISTORY_SIGNATURE_LIMIT ? new Uint8Array(await fs.promises.readFile(absolute)) : null;
    return this.history.replaceSignature(absolute, bytes, size);
  }

  /**
   * Whether a file is one Signdesk wrote as it is now: a history entry's (or a batch's) output with the same size.
   * Signed PDFs written in place keep their names, so names alone cannot tell; the inbox never re-queues them.
   */
  isOwnOutput(file: string, size: number): boolean {
    const absolute = path.resolve(file);
    return this.history.isOutput(absolute, size) || this.journal.wroteOutput(absolute, size);
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
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
      if (size === undefined || this.isOwnOutput(file, size)) return;
      this.documents.add([file], 'watch');
      this.deps.events.emit('queueChanged', { count: this.documents.list().length });
    } catch (error) {
      // The file vanished between the watcher's event and our stat: nothing to queue.
      if (!(error instanceof SigndeskError && error.code === 'ERR_FILE_NOT_FOUND')) throw error;
    }
  }
}
