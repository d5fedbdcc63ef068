import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/storage/database';
import { EventBus } from '../../main/core/events/event-bus';
import { SettingsStore } from '../../main/core/storage/settings-store';
import { QueueService, batchTempPath } from '../../main/core/queue';
import type { FormatBatch, PreparedItem } from '../../main/core/formats';
import type { FileWorkerPool } from '../../main/core/workers/file-worker-pool';
import { SigndeskError } from '../../preload/contract/errors';
import type { BatchProgress } from '../../preload/contract/domains/queue';

/**
 * The journal, the pipeline and the crash recovery against real SQLite and a real file system. CMS itself is
 * covered by queue-sign.test.ts (SoftHSM2 + openssl); here a tagged digest stands in for the signature so
 * the recovery rules can be driven precisely.
 */
class TaggedMaker implements FormatBatch {
  readonly signer = { subject: 'CN=Test Signer', identifiers: { EDRPOU: '41234567' }, keyRef: 'file:/test.key' };
  calls = 0;
  failOnCall: number | null = null;
  pool: FileWorkerPool | null = null;
  async sign(prepared: Pick<PreparedItem, 'digest'>): Promise<Uint8Array> {
    this.calls++;
    if (this.failOnCall === this.calls) throw new SigndeskError('ERR_TOKEN_NOT_PRESENT', 'The token was removed');
    return new Uint8Array(Buffer.concat([Buffer.from('SIG:'), prepared.digest, crypto.randomBytes(8)]));
  }
  async write(_prepared: PreparedItem, cms: Uint8Array, tempPath: string) {
    const result = await this.pool!.writeSynced(tempPath, cms);
    return result.ok ? { ok: true as const, outputSize: cms.length } : result;
  }
  async check(file: string, prepared: PreparedItem, der: Uint8Array): Promise<void> {
    const onDisk = fs.readFileSync(file);
    if (!onDisk.equals(der)) throw new SigndeskError('ERR_SIGNATURE_INVALID', 'not the bytes written');
    checkTagged(onDisk, prepared.digest);
  }
  async confirm(file: string, written: { signature: Uint8Array }): Promise<boolean> {
    return fs.existsSync(file) && fs.readFileSync(file).equals(written.signature);
  }
}

function checkTagged(der: Uint8Array, digest: Uint8Array): void {
  if (!Buffer.from(der.subarray(4, 4 + digest.length)).equals(digest)) throw new SigndeskError('ERR_SIGNATURE_INVALID', 'digest mismatch');
}

let dir: string;
let db: Db;
let maker: TaggedMaker;
let events: EventBus;
let queue: QueueService;

function openQueue(): QueueService {
  db = openDatabase(path.join(dir, 'signdesk.db'));
  events = new EventBus();
  const settings = new SettingsStore(() => new Conf({ cwd: dir, configName: 'settings', projectName: 'signdesk' }));
  return new QueueService({
    db,
    events,
    settings,
    openKey: async (keyRef, askSecret) => {
      const secret = await askSecret({ kind: 'pin', keyRef, purpose: 'open' });
      if (secret !== '1234') throw new SigndeskError('ERR_PIN_INCORRECT', 'Wrong PIN');
      return { key: { ref: keyRef, algorithm: { kind: 'EC', namedCurve: 'P-256' } } as never, close: () => undefined };
    },
    createFormatBatch: async (_key, _options, pool) => {
      maker.pool = pool;
      return maker;
    },
    watcher: { stableForMs: 400, pollIntervalMs: 50 },
  });
}

async function reopen(): Promise<void> {
  await queue.close();
  db.close();
  queue = openQueue();
}

function makeFiles(count: number, sub = 'docs'): string[] {
  const folder = path.join(dir, sub);
  fs.mkdirSync(folder, { recursive: true });
  return Array.from({ length: count }, (_, index) => {
    const file = path.join(folder, `doc-${index}.txt`);
    fs.writeFileSync(file, `document ${index}\n`.repeat(50));
    return file;
  });
}

function sha256(file: string): Buffer {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest();
}

function tempFiles(folder: string): string[] {
  return fs.readdirSync(folder).filter((name) => name.endsWith('.signdesk-tmp'));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-queue-'));
  maker = new TaggedMaker();
  queue = openQueue();
});

afterEach(async () => {
  await queue.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('queue journal and batch runner', () => {
  it('signs every file once, reports progress and records history with the signature bytes', async () => {
    const files = makeFiles(300);
    const progress: BatchProgress[] = [];
    events.on('batchProgress', (event) => progress.push(event));
    const summary = await queue.sign({ keyRef: 'file:/test.key', paths: files }, '1234');
    expect(summary).toMatchObject({ state: 'done', total: 300, done: 300, failed: 0, skipped: 0 });
    expect(maker.calls).toBe(300);
    for (const file of files) checkTagged(fs.readFileSync(`${file}.p7s`), sha256(file));
    expect(tempFiles(path.dirname(files[0]!))).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ done: 300, total: 300, etaSeconds: 0 });
    const history = queue.listHistory({ text: 'doc-7.txt' });
    expect(history).toHaveLength(1);
    expect(history[0]!.signers[0]).toMatchObject({ subject: 'CN=Test Signer', identifiers: { EDRPOU: '41234567' } });
    expect(Buffer.from(queue.history.signature(history[0]!.id)).equals(fs.readFileSync(`${files[7]}.p7s`))).toBe(true);
  });

  it('reports vanished and unreadable inputs while the rest succeed', async () => {
    const files = makeFiles(20);
    fs.rmSync(files[3]!);
    fs.chmodSync(files[5]!, 0o000);
    const readable = (() => {
      try {
        fs.readFileSync(files[5]!);
        return true;
      } catch {
        return false;
      }
    })();
    const summary = await queue.sign({ keyRef: 'file:/test.key', paths: files }, '1234');
    const items = queue.items(summary.id);
    expect(items[3]).toMatchObject({ state: 'failed', error: { code: 'ERR_FILE_NOT_FOUND' } });
    if (!readable) expect(items[5]).toMatchObject({ state: 'failed', error: { code: 'ERR_FILE_UNREADABLE' } });
    expect(summary.done).toBe(readable ? 19 : 18);
    expect(summary.failed).toBe(readable ? 1 : 2);
    expect(fs.existsSync(`${files[0]}.p7s`)).toBe(true);
  });

  it('never overwrites a signature it did not write, unless asked', async () => {
    const files = makeFiles(3);
    fs.writeFileSync(`${files[1]}.p7s`, 'somebody else');
    const summary = await queue.sign({ keyRef: 'file:/test.key', paths: files }, '1234');
    expect(queue.items(summary.id)[1]).toMatchObject({ state: 'failed', error: { code: 'ERR_OUTPUT_EXISTS' } });
    expect(fs.readFileSync(`${files[1]}.p7s`, 'utf8')).toBe('somebody else');
    const again = await queue.sign({ keyRef: 'file:/test.key', paths: [files[1]!], options: { overwrite: true } }, '1234');
    expect(again.done).toBe(1);
    checkTagged(fs.readFileSync(`${files[1]}.p7s`), sha256(files[1]!));
  });

  it('a wrong PIN stops the batch before any signature, with the journal intact', async () => {
    const files = makeFiles(5);
    await expect(queue.sign({ keyRef: 'file:/test.key', paths: files }, '0000')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    expect(maker.calls).toBe(0);
    const [stopped] = queue.interrupted();
    expect(stopped).toMatchObject({ state: 'stopped', done: 0, fatalError: { code: 'ERR_PIN_INCORRECT' } });
    expect(files.some((file) => fs.existsSync(`${file}.p7s`))).toBe(false);
    const resumed = await queue.runBatch(stopped!.id, '1234');
    expect(resumed).toMatchObject({ state: 'done', done: 5 });
  });

  it('the app’s batch that failed on a wrong PIN before signing anything leaves no interrupted batch behind', async () => {
    const files = makeFiles(3);
    await expect(queue.start({ keyRef: 'file:/test.key', paths: files }, '0000')).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    expect(maker.calls).toBe(0);
    expect(queue.interrupted()).toEqual([]);
    expect(queue.batches().map((batch) => batch.state)).toEqual(['cancelled']);
    const started = await queue.start({ keyRef: 'file:/test.key', paths: files }, '1234');
    expect((await queue.settled(started.id)).done).toBe(3);
    expect(queue.interrupted()).toEqual([]);
  });

  it('a removed token mid-batch stops it at once; resume finishes without signing anything twice', async () => {
    const files = makeFiles(400);
    maker.failOnCall = 300;
    await expect(queue.sign({ keyRef: 'file:/test.key', paths: files }, '1234')).rejects.toMatchObject({ code: 'ERR_TOKEN_NOT_PRESENT' });
    const [stopped] = queue.interrupted();
    expect(stopped!.done).toBeGreaterThan(0);
    expect(stopped!.done).toBeLessThan(300);
    const signedBefore = files.filter((file) => fs.existsSync(`${file}.p7s`)).length;
    expect(signedBefore).toBe(stopped!.done);
    maker.failOnCall = null;
    maker.calls = 0;
    await reopen();
    const resumed = await queue.runBatch(stopped!.id, '1234');
    expect(resumed).toMatchObject({ state: 'done', done: 400, failed: 0 });
    expect(maker.calls).toBe(400 - signedBefore);
  });

  it('resume settles what a crash left: renamed-but-not-done counts as done, stray temp files go', async () => {
    const files = makeFiles(4);
    const batch = queue.createBatch({ keyRef: 'file:/test.key', paths: files });
    const items = queue.journal.unsettledItems(batch.id);
    // Crash after the rename of item 0 but before `done`; item 1: temp written and fsynced, not renamed;
    // item 2: a temp file from before `written` was recorded.
    const record = async (seq: number) => {
      const digest = sha256(files[seq]!);
      const signature = await maker.sign({ digest });
      queue.journal.markWritten(batch.id, [{ seq, size: fs.statSync(files[seq]!).size, mtimeMs: 0, digest, signature, outputSize: signature.length }]);
      return signature;
    };
    fs.writeFileSync(items[0]!.output, await record(0));
    fs.writeFileSync(batchTempPath(items[1]!.output, batch.id, 1), await record(1));
    fs.writeFileSync(batchTempPath(items[2]!.output, batch.id, 2), 'partial');
    queue.journal.setState(batch.id, 'running');
    db.prepare('UPDATE queue_batches SET owner_pid = 999999999 WHERE id = ?').run(batch.id);
    const renamed = fs.readFileSync(items[0]!.output);
    await reopen();
    expect(queue.interrupted().map((entry) => entry.id)).toEqual([batch.id]);
    maker.calls = 0;
    const summary = await queue.runBatch(batch.id, '1234');
    expect(summary).toMatchObject({ state: 'done', done: 4 });
    expect(maker.calls).toBe(3);
    expect(fs.readFileSync(items[0]!.output).equals(renamed)).toBe(true);
    expect(tempFiles(path.dirname(files[0]!))).toEqual([]);
  });

  it('pauses, resumes and cancels', async () => {
    const files = makeFiles(1000);
    const done = queue.sign({ keyRef: 'file:/test.key', paths: files }, '1234');
    const [batch] = queue.batches(1);
    queue.pause(batch!.id);
    await new Promise<void>((resolve) => events.on('batchProgress', (event) => event.state === 'paused' && resolve()));
    const paused = queue.journal.get(batch!.id);
    expect(paused.state).toBe('paused');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queue.journal.get(batch!.id).done).toBe(paused.done);
    queue.resume(batch!.id, undefined);
    queue.cancel(batch!.id);
    const summary = await done;
    expect(summary.state).toBe('cancelled');
    expect(summary.done + summary.skipped).toBe(1000);
    expect(summary.skipped).toBeGreaterThan(0);
  });

  it('history survives a restart and exports CSV and the signature after the output moved', async () => {
    const files = makeFiles(3);
    await queue.sign({ keyRef: 'file:/test.key', paths: files }, '1234');
    await reopen();
    const entries = queue.listHistory();
    expect(entries).toHaveLength(3);
    const entry = entries.find((candidate) => candidate.documentPath === files[2])!;
    expect(entry.documentSha256).toBe(sha256(files[2]!).toString('hex'));
    const original = fs.readFileSync(entry.outputPath);
    fs.rmSync(entry.outputPath);
    const exported = await queue.exportSignature(entry.id, path.join(dir, 'exported.p7s'));
    expect(fs.readFileSync(exported).equals(original)).toBe(true);
    const cosigned = new Uint8Array(Buffer.concat([original, Buffer.from('+cosigner')]));
    expect(queue.recordCosignature(entry.outputPath, cosigned, { subject: '=cmd|CN=Second, O=X', identifiers: {}, keyRef: 'pkcs11:token=B', signedAt: new Date().toISOString() })).toBe(entry.id);
    expect(queue.historyEntry(entry.id).signers.map((signer) => signer.subject)).toEqual(['CN=Test Signer', '=cmd|CN=Second, O=X']);
    const csv = queue.exportHistoryCsv().split('\r\n');
    expect(csv[0]).toBe('id,signed_at,document,sha256,size,signature_file,attached,signer,identifiers,key,batch');
    expect(csv.filter((line) => line.startsWith(`${entry.id},`))).toHaveLength(2);
    // Quoted for the comma, and a leading = is defused so spreadsheets do not run it as a formula.
    expect(csv.join('\n')).toContain(`"'=cmd|CN=Second, O=X"`);
  });

  it('the inbox watcher takes a file only once it stopped growing', async () => {
    const inbox = path.join(dir, 'inbox');
    fs.mkdirSync(inbox);
    const settings = new SettingsStore(() => new Conf({ cwd: dir, configName: 'settings', projectName: 'signdesk' }));
    await settings.update({ watchedFolders: [inbox] });
    await reopen();
    await queue.watchInboxes();
    const file = path.join(inbox, 'growing.pdf');
    const handle = fs.openSync(file, 'w');
    for (let step = 0; step < 8; step++) {
      fs.writeSync(handle, Buffer.alloc(4096, step));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(queue.listDocuments()).toEqual([]);
    }
    fs.closeSync(handle);
    fs.writeFileSync(path.join(inbox, 'ignored.pdf.p7s'), 'x');
    const deadline = Date.now() + 5_000;
    while (queue.listDocuments().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queue.listDocuments()).toMatchObject([{ path: file, size: 8 * 4096, source: 'watch' }]);
  });
});
