import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_CONNECTION_HEADER, BRIDGE_SESSION_HEADER } from '../../preload/contract/bridge-wire';
import { MAX_UPLOAD_BYTES } from '../../preload/contract/domains/files';
import { UploadStore } from '../../main/core/files/index';
import { removeBridgeBundle, startBridgeProcess, type BridgeProcess } from '../helpers/bridge-process';
import { connectBridge, type BridgeSocket } from '../helpers/bridge-socket';

interface Answer {
  status: number;
  body: { ok: boolean; value?: { path: string }; error?: { code: string } } | null;
}

let dataDir: string;
let bridge: BridgeProcess;

/** A pid no process has: one that just exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function put(query: string, body: Buffer | null, headers: Record<string, string | number>, options: { abortAfter?: number; method?: string } = {}): Promise<Answer> {
  const page = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: page.hostname, port: page.port, method: options.method ?? 'PUT', path: `/upload?${query}`, headers: { origin: page.origin, ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    request.on('error', (error) => (options.abortAfter !== undefined ? resolve({ status: 0, body: null }) : reject(error)));
    if (options.abortAfter !== undefined) {
      request.write(body!.subarray(0, options.abortAfter));
      setTimeout(() => request.destroy(), 200);
    } else request.end(body ?? undefined);
  });
}

/** Sends only the request head (no body) and resolves with the status the bridge answers. */
function announceOnly(query: string, headers: Record<string, string | number>): Promise<number> {
  const page = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: page.hostname, port: page.port, method: 'PUT', path: `/upload?${query}`, headers: { origin: page.origin, ...headers } }, (response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

async function uploadAs(page: BridgeSocket, purpose: string, name: string, content: Buffer): Promise<Answer> {
  const session = new URL(bridge.url).searchParams.get('session')!;
  return put(new URLSearchParams({ purpose, name }).toString(), content, { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: await page.connection });
}

const listVerifyUploads = () => (fs.existsSync(path.join(dataDir, 'verify-uploads')) ? fs.readdirSync(path.join(dataDir, 'verify-uploads'), { recursive: true }).map(String).sort() : []);

async function eventually(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bridge-uploads-'));
  // What earlier runs left: a flat file of an older version, the folder of a bridge that was killed. The inbox stays.
  const killed = path.join(dataDir, 'verify-uploads', `${deadPid()}-0badc0de`, 'conn');
  fs.mkdirSync(killed, { recursive: true });
  fs.writeFileSync(path.join(killed, 'old.pdf'), 'left by a killed bridge');
  fs.writeFileSync(path.join(dataDir, 'verify-uploads', 'act.pdf.p7s'), 'left by an older version');
  fs.mkdirSync(path.join(dataDir, 'inbox'));
  fs.writeFileSync(path.join(dataDir, 'inbox', 'queued.pdf'), 'a document to sign');
  bridge = await startBridgeProcess(dataDir);
});
afterAll(async () => {
  await bridge?.stop();
  await removeBridgeBundle();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('files the browser gives the bridge', () => {
  it('at start-up, verify uploads left by earlier runs are deleted; documents to sign are kept', () => {
    expect(listVerifyUploads()).toEqual([]);
    expect(fs.readFileSync(path.join(dataDir, 'inbox', 'queued.pdf'), 'utf8')).toBe('a document to sign');
  });

  it('are streamed by HTTP PUT; verify uploads go when their page does, documents to sign stay', async () => {
    const page = await connectBridge(bridge.url);
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const verify = await uploadAs(page, 'verify', 'contract.pdf.p7s', content);
    expect(verify).toMatchObject({ status: 200, body: { ok: true } });
    const verifyPath = verify.body!.value!.path;
    expect(path.relative(path.join(dataDir, 'verify-uploads'), verifyPath).split(path.sep)).toEqual([expect.stringMatching(/^\d+-[0-9a-f]+$/), expect.any(String), 'contract.pdf.p7s']);
    expect(fs.readFileSync(verifyPath).equals(content)).toBe(true);
    const sign = await uploadAs(page, 'sign', 'invoice.pdf', Buffer.from('%PDF-1.4 invoice'));
    expect(sign).toMatchObject({ status: 200, body: { ok: true, value: { path: path.join(dataDir, 'inbox', 'invoice.pdf') } } });
    // The page can use what it uploaded.
    expect(await page.call('queue:add', { paths: [sign.body!.value!.path] })).toMatchObject({ ok: true });

    await page.close();
    await eventually(() => !fs.existsSync(verifyPath));
    expect(fs.existsSync(verifyPath)).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'inbox', 'invoice.pdf'), 'utf8')).toBe('%PDF-1.4 invoice');
  });

  it('only from our page, on an open connection; too large is refused before the body is read', async () => {
    const page = await connectBridge(bridge.url);
    const session = new URL(bridge.url).searchParams.get('session')!;
    const connection = await page.connection;
    const query = 'purpose=verify&name=a.p7s';
    const body = Buffer.from('x');
    expect(await put(query, body, { [BRIDGE_CONNECTION_HEADER]: connection })).toMatchObject({ status: 403, body: { ok: false, error: { code: 'ERR_FORBIDDEN_SENDER' } } });
    expect(await put(query, body, { [BRIDGE_SESSION_HEADER]: 'wrong', [BRIDGE_CONNECTION_HEADER]: connection })).toMatchObject({ status: 403 });
    expect(await put(query, body, { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: connection, origin: 'http://attacker.example' })).toMatchObject({ status: 403 });
    expect(await put(query, body, { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: 'no-such-connection' })).toMatchObject({ status: 403 });
    expect(await put('purpose=elsewhere&name=a', body, { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: connection })).toMatchObject({ status: 400 });
    expect(await put(query, body, { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: connection, host: 'attacker.example' })).toMatchObject({ status: 421 });
    // Announced too large: answered at once, the body never sent.
    expect(await announceOnly(query, { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: connection, 'content-length': MAX_UPLOAD_BYTES + 1 })).toBe(413);
    // Chunked (no length) and longer than the limit: refused when it passes it, nothing left on disk.
    const chunked = await put(query, Buffer.alloc(MAX_UPLOAD_BYTES + 1024 * 1024, 1), { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: connection, 'transfer-encoding': 'chunked' }).catch(() => ({ status: -1, body: null }));
    expect([413, -1]).toContain(chunked.status);
    // A page that goes away mid-upload leaves nothing.
    await put(query, Buffer.alloc(1024 * 1024, 2), { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: connection, 'content-length': 1024 * 1024 }, { abortAfter: 64 * 1024 });
    await eventually(() => listVerifyUploads().every((name) => !name.includes('.signdesk-tmp') && !name.includes('.upload-')));
    expect(listVerifyUploads().filter((name) => name.endsWith('.p7s') || name.includes('.signdesk-tmp') || name.includes('.upload-'))).toEqual([]);
    expect(bridge.alive(), bridge.stderr()).toBe(true);
    expect(await page.call('app:info', {})).toMatchObject({ ok: true });
    await page.close();
  });

  it('when the bridge stops, its verify uploads go with it', async () => {
    const page = await connectBridge(bridge.url);
    expect(await uploadAs(page, 'verify', 'b.p7s', Buffer.from('sig'))).toMatchObject({ status: 200 });
    await bridge.stop();
    expect(listVerifyUploads()).toEqual([]);
    bridge = await startBridgeProcess(dataDir);
  });
});

describe('the verify uploads kept at once are bounded', () => {
  it('beyond the size or count limit the oldest go first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-upload-limits-'));
    try {
      const store = new UploadStore(dir, { verifyBytesLimit: 10_000, verifyFilesLimit: 3 });
      const saved: string[] = [];
      for (let index = 0; index < 3; index++) saved.push(await store.save('verify', `${index}.p7s`, Buffer.alloc(4000, index), { session: 's' }));
      // 3 × 4000 bytes > 10,000: the first went to make room for the third.
      expect(saved.map((file) => fs.existsSync(file))).toEqual([false, true, true]);
      for (let index = 3; index < 6; index++) saved.push(await store.save('verify', `${index}.p7s`, Buffer.alloc(10, index), { session: 's' }));
      // Count limit 3: only the three newest remain.
      expect(saved.map((file) => fs.existsSync(file))).toEqual([false, false, false, true, true, true]);
      await store.endSession('s');
      expect(saved.some((file) => fs.existsSync(file))).toBe(false);
      await store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
