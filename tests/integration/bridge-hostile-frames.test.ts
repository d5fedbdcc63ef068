import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BRIDGE_MESSAGE_BYTES } from '../../preload/contract/bridge-wire';
import { removeBridgeBundle, startBridgeProcess, type BridgeProcess } from '../helpers/bridge-process';
import { connectBridge } from '../helpers/bridge-socket';
import { frame, openRawWebSocket } from '../helpers/raw-websocket';

let bridge: BridgeProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bridge-hostile-'));
  bridge = await startBridgeProcess(dataDir);
});
afterAll(async () => {
  await bridge?.stop();
  await removeBridgeBundle();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** An authenticated page socket that sends `payload` as it is and reports how the bridge closed it. */
async function closeAfter(payload: string | Buffer, options: { binary?: boolean } = {}): Promise<{ code: number; reason: string }> {
  const page = await connectBridge(bridge.url);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => page.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  page.socket.on('error', () => undefined);
  page.socket.send(payload, { binary: options.binary ?? false });
  return closed;
}

/** The process is up and a fresh page is served: the hostile frame cost its own socket and nothing else. */
async function expectBridgeServes(): Promise<void> {
  expect(bridge.alive(), bridge.stderr()).toBe(true);
  const page = await connectBridge(bridge.url);
  expect(await page.call('app:info', {})).toMatchObject({ ok: true, value: { name: 'Signdesk' } });
  await page.close();
}

describe('one authenticated frame never takes the bridge down', () => {
  let bystander: Awaited<ReturnType<typeof connectBridge>>;
  beforeAll(async () => {
    bystander = await connectBridge(bridge.url);
  });
  afterAll(async () => {
    // Another page open all along kept working.
    expect(await bystander.call('app:info', {})).toMatchObject({ ok: true });
    await bystander.close();
  });

  it.each([
    ['the JSON text null', 'null', 1008],
    ['an array', '[1,2]', 1008],
    ['a string', '"app:info"', 1008],
    ['a call with a string id', '{"id":"1","channel":"app:info","input":{}}', 1008],
    ['a call without a channel', '{"id":1,"input":{}}', 1008],
    ['text that is not JSON', '{"id":1,', 1007],
  ])('%s: closed (%s → %i) with a reason', async (_name, payload, code) => {
    const close = await closeAfter(payload);
    expect(close.code).toBe(code);
    expect(close.reason.length).toBeGreaterThan(0);
    await expectBridgeServes();
  });

  it('a binary frame: 1003', async () => {
    expect(await closeAfter(Buffer.from('{"id":1,"channel":"app:info"}'), { binary: true })).toMatchObject({ code: 1003, reason: expect.stringMatching(/binary/) });
    await expectBridgeServes();
  });

  it('nesting far beyond any call (a cheap check before JSON.parse): 1008', async () => {
    const deep = `{"id":1,"channel":"app:info","input":${'['.repeat(1_500_000)}${']'.repeat(1_500_000)}}`;
    expect(await closeAfter(deep)).toMatchObject({ code: 1008, reason: expect.stringMatching(/nested/) });
    await expectBridgeServes();
  });

  it('a frame over the limit: 1009 “message too big”', async () => {
    const big = JSON.stringify({ id: 1, channel: 'settings:update', input: { language: 'x'.repeat(MAX_BRIDGE_MESSAGE_BYTES) } });
    expect(await closeAfter(big)).toMatchObject({ code: 1009, reason: 'message too big' });
    await expectBridgeServes();
  });

  it('a frame that announces 60 MB is refused at its header, before any of it is buffered', async () => {
    const raw = await openRawWebSocket(bridge.url);
    raw.write(frame(Buffer.from('[[[[[[[['), { declaredLength: 60 * 1024 * 1024 }));
    expect(await raw.closed()).toMatchObject({ code: 1009, reason: 'message too big' });
    raw.destroy();
    await expectBridgeServes();
  });

  it('an unmasked client frame: 1002 with a reason', async () => {
    const raw = await openRawWebSocket(bridge.url);
    raw.write(frame(Buffer.from('{"id":1,"channel":"app:info","input":{}}'), { mask: false }));
    expect(await raw.closed()).toMatchObject({ code: 1002, reason: expect.stringMatching(/protocol error/) });
    raw.destroy();
    await expectBridgeServes();
  });

  it('text that is not UTF-8: 1007 with a reason', async () => {
    const raw = await openRawWebSocket(bridge.url);
    raw.write(frame(Buffer.from([0x22, 0xff, 0xfe, 0x22])));
    expect(await raw.closed()).toMatchObject({ code: 1007, reason: expect.any(String) });
    raw.destroy();
    await expectBridgeServes();
  });

  it('the largest legitimate call still fits: queue:remove with 100,000 ids', async () => {
    const page = await connectBridge(bridge.url);
    const ids = Array.from({ length: 100_000 }, (_, index) => 1_000_000_000 + index);
    expect(Buffer.byteLength(JSON.stringify({ id: 1, channel: 'queue:remove', input: { ids } }))).toBeLessThan(MAX_BRIDGE_MESSAGE_BYTES);
    expect(await page.call('queue:remove', { ids })).toEqual({ ok: true, value: { removed: 0 } });
    await page.close();
  });
});

describe('who may connect', () => {
  const refused = (options: WebSocket.ClientOptions, query = new URL(bridge.url).search) =>
    new Promise<number>((resolve) => {
      const page = new URL(bridge.url);
      const socket = new WebSocket(`ws://${page.host}/ws${query}`, { origin: page.origin, ...options });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('open', () => {
        socket.close();
        socket.once('close', () => resolve(101));
      });
      socket.once('error', () => undefined);
    });

  it('only the bound address as Host (DNS rebinding), only our page as Origin, only with the session', async () => {
    const port = new URL(bridge.url).port;
    expect(await refused({ headers: { host: `attacker.example:${port}` } })).toBe(401);
    expect(await refused({ headers: { host: `127.0.0.1:${Number(port) + 1}` } })).toBe(401);
    expect(await refused({ origin: `http://attacker.example:${port}` })).toBe(401);
    expect(await refused({}, '?session=wrong')).toBe(401);
    expect(await refused({ headers: { host: `localhost:${port}` }, origin: `http://localhost:${port}` })).toBe(101);
    const answer = await rawHttp(`GET / HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect(await rawHttp(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    await expectBridgeServes();
  });

  it(`at most 8 page connections: the next is closed with 1013 and a reason until one goes`, async () => {
    const pages = await Promise.all(Array.from({ length: 7 }, () => connectBridge(bridge.url)));
    // Every page of the tests above has closed: these 7 and the next are the 8 allowed.
    const eighth = await connectBridge(bridge.url);
    expect(await eighth.call('app:info', {})).toMatchObject({ ok: true });
    const ninth = await closeAfter('{"id":1,"channel":"app:info","input":{}}');
    expect(ninth).toMatchObject({ code: 1013, reason: expect.stringMatching(/too many connections/) });
    await eighth.close();
    const again = await connectBridge(bridge.url);
    expect(await again.call('app:info', {})).toMatchObject({ ok: true });
    await Promise.all([again, ...pages].map((page) => page.close()));
    expect(bridge.alive()).toBe(true);
  });
});

function rawHttp(request: string): Promise<string> {
  const page = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(page.port), page.hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}
