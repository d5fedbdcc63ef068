import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { createAgentFixture, opensslVerify, type AgentFixture } from '../helpers/agent-fixture';
import { agentCall, multipart } from '../helpers/agent-client';
import { readPortFile } from '../../main/core/agent';
import type { AgentSigningRequest } from '../../preload/contract/domains/agent';

const missing = missingTools(['softhsm2-util', 'openssl', SOFTHSM_MODULE]);

describe.skipIf(missing)('signing agent: who may call (real SoftHSM2 keys, HTTP on loopback)', () => {
  let fx: AgentFixture;
  let port: number;
  let tokenA: { token: string; info: { id: string } };
  const content = Buffer.from('Акт звірки № 7\n');
  const digestHex = createHash('sha256').update(content).digest('hex');
  const hashBody = (extra: Record<string, unknown> = {}) => JSON.stringify({ hash: { algorithm: 'SHA-256', value: digestHex }, ...extra });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    fx = await createAgentFixture({ maxJsonBytes: 4096, upload: { maxDocumentBytes: 64 * 1024, maxTotalBytes: 256 * 1024, maxDocuments: 50 }, consentTimeoutMs: 20_000, rate: { burst: 30, perSecond: 5 } });
    port = fx.server.port;
    tokenA = fx.services.cabinet.createAccessToken(fx.keys.a.id, '1C: Бухгалтерія');
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('publishes its address in <dataDir>/agent.json and answers /v1/info without a caller', async () => {
    const published = readPortFile(fx.dataDir);
    expect(published).toMatchObject({ port, url: `http://127.0.0.1:${port}`, pid: process.pid, apiVersion: 1 });
    const info = await agentCall(port, { path: '/v1/info' });
    expect(info.status).toBe(200);
    expect(info.json()).toMatchObject({ product: 'Signdesk', apiVersion: 1, formats: expect.arrayContaining([expect.objectContaining({ id: 'cades', packagings: ['detached', 'attached'] })]) });
    expect((await agentCall(port, { path: '/v1/openapi.json' })).json()).toMatchObject({ openapi: '3.1.0' });
  });

  it('refuses a foreign Host (DNS rebinding) before anything else', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const answer = await agentCall(port, { path: '/v1/keys', headers: { host, ...bearer(tokenA.token) } });
      expect([answer.status, answer.code], host).toEqual([403, 'ERR_HOST_REFUSED']);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    const local = await agentCall(port, { path: '/v1/keys', headers: { host: `localhost:${port}`, ...bearer(tokenA.token) } });
    expect(local.status).toBe(200);
  });

  it('a bearer token grants its own key only: key A listed, key B refused', async () => {
    const keys = await agentCall(port, { path: '/v1/keys', headers: bearer(tokenA.token) });
    expect(keys.json<{ keys: Array<{ id: string; certificate: { der: string } }> }>().keys.map((key) => key.id)).toEqual([fx.keys.a.id]);
    const asB = await agentCall(port, { method: 'POST', path: '/v1/sign', headers: { ...bearer(tokenA.token), 'content-type': 'application/json' }, body: hashBody({ keyId: fx.keys.b.id }) });
    expect([asB.status, asB.code]).toEqual([403, 'ERR_KEY_NOT_ALLOWED']);
    const batchAsB = await multipart([{ field: 'documents', name: 'a.txt', content: 'a' }]);
    const batch = await agentCall(port, { method: 'POST', path: `/v1/batches?keyId=${fx.keys.b.id}`, headers: { ...bearer(tokenA.token), 'content-type': batchAsB.contentType }, body: batchAsB.body });
    expect([batch.status, batch.code]).toEqual([403, 'ERR_KEY_NOT_ALLOWED']);
    expect(fx.services.agent.pending()).toEqual([]);
  });

  it('signs a hash for a token caller after consent shown with the token label; OpenSSL accepts it for the content', async () => {
    const answer = agentCall(port, { method: 'POST', path: '/v1/sign', headers: { ...bearer(tokenA.token), 'content-type': 'application/json' }, body: hashBody() });
    const pending = (await fx.nextPending((request) => request.kind === 'signing')) as AgentSigningRequest;
    expect(pending).toMatchObject({ operation: 'hash', caller: { kind: 'token', label: '1C: Бухгалтерія' }, key: { id: fx.keys.a.id }, hash: { algorithm: 'SHA-256', value: digestHex }, secretKind: 'pin' });
    await fx.call('agent:decide', { id: pending.id, allow: true, secret: fx.hsm.pin });
    const signed = await answer;
    expect(signed.status).toBe(200);
    const der = Buffer.from(signed.json<{ signature: string }>().signature, 'base64');
    opensslVerify(der, content, fx.ca.cert, fx.workDir);
    expect(() => opensslVerify(der, Buffer.from('another document'), fx.ca.cert, fx.workDir)).toThrow();
  });

  it('a revoked token is refused at once, and an unknown or malformed one too', async () => {
    const token = fx.services.cabinet.createAccessToken(fx.keys.a.id, 'short-lived');
    expect((await agentCall(port, { path: '/v1/keys', headers: bearer(token.token) })).status).toBe(200);
    fx.services.cabinet.revokeAccessToken(token.info.id);
    const revoked = await agentCall(port, { path: '/v1/keys', headers: bearer(token.token) });
    expect([revoked.status, revoked.code]).toEqual([401, 'ERR_UNAUTHORIZED']);
    expect((await agentCall(port, { path: '/v1/keys', headers: bearer(`sdk_${'x'.repeat(43)}`) })).code).toBe('ERR_UNAUTHORIZED');
    expect((await agentCall(port, { path: '/v1/keys', headers: { authorization: 'Basic Zm9vOmJhcg==' } })).code).toBe('ERR_UNAUTHORIZED');
    expect((await agentCall(port, { path: '/v1/keys' })).code).toBe('ERR_UNAUTHORIZED');
  });

  it('refuses Origin: null and malformed origins, and never answers CORS with *', async () => {
    for (const origin of ['null', 'file://', 'chrome-extension://abc', 'https://user:pw@bank.example', 'not an origin']) {
      const answer = await agentCall(port, { path: '/v1/keys', headers: { origin } });
      expect([answer.status, answer.code], origin).toEqual([403, 'ERR_ORIGIN_REFUSED']);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('an unknown origin opens one pairing request; denied, it is refused from then on without CORS', async () => {
    const origin = 'https://evil.example';
    const first = await agentCall(port, { path: '/v1/keys', headers: { origin } });
    expect([first.status, first.code]).toEqual([403, 'ERR_PAIRING_REQUIRED']);
    const pairing = first.json<{ error: { details: { pairing: { id: string; code: string } } } }>().error.details.pairing;
    expect(pairing.code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    expect(first.headers['access-control-allow-origin']).toBe(origin);
    // A second request while the first waits: the same pairing (one window per origin).
    const again = await agentCall(port, { method: 'POST', path: '/v1/pairing', headers: { origin } });
    expect(again.json()).toMatchObject({ id: pairing.id, code: pairing.code, state: 'pending' });
    const shown = fx.services.agent.pending().filter((request) => request.kind === 'pairing' && request.caller.origin === origin);
    expect(shown).toHaveLength(1);
    const preflight = await agentCall(port, { method: 'OPTIONS', path: '/v1/sign', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();

    await fx.call('agent:decide', { id: pairing.id, allow: false });
    const status = await agentCall(port, { path: `/v1/pairing/${pairing.id}`, headers: { origin } });
    expect([status.status, status.code]).toEqual([403, 'ERR_ORIGIN_REFUSED']);
    const after = await agentCall(port, { method: 'POST', path: '/v1/sign', headers: { origin, 'content-type': 'application/json' }, body: hashBody() });
    expect([after.status, after.code]).toEqual([403, 'ERR_ORIGIN_REFUSED']);
    expect(after.headers['access-control-allow-origin']).toBeUndefined();
    expect(fx.services.agent.pending()).toEqual([]);
    expect(fx.services.agent.access().origins.map((entry) => entry.origin)).not.toContain(origin);
  });

  it('an allowed origin gets CORS for itself only (preflight included); another origin does not', async () => {
    const origin = 'https://buh.example.ua';
    const asked = await agentCall(port, { method: 'POST', path: '/v1/pairing', headers: { origin } });
    expect(asked.status).toBe(202);
    const ticket = asked.json<{ id: string; code: string }>();
    const waiting = agentCall(port, { path: `/v1/pairing/${ticket.id}?wait=10`, headers: { origin } });
    const pending = await fx.nextPending((request) => request.kind === 'pairing' && request.caller.origin === origin);
    expect(pending).toMatchObject({ kind: 'pairing', code: ticket.code });
    await fx.call('agent:decide', { id: pending.id, allow: true });
    expect((await waiting).json()).toMatchObject({ state: 'allowed' });

    const preflight = await agentCall(port, {
      method: 'OPTIONS',
      path: '/v1/batches',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type', 'access-control-request-private-network': 'true' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-private-network']).toBe('true');
    const keys = await agentCall(port, { path: '/v1/keys', headers: { origin } });
    expect(keys.status).toBe(200);
    expect(keys.headers['access-control-allow-origin']).toBe(origin);
    expect(keys.json<{ keys: unknown[] }>().keys).toHaveLength(2);
    expect(JSON.stringify(keys.json())).not.toContain('pkcs11:');

    const other = await agentCall(port, { path: '/v1/keys', headers: { origin: 'https://buh.example.ua.evil.example' } });
    expect(other.code).toBe('ERR_PAIRING_REQUIRED');
    await fx.call('agent:decide', { id: fx.services.agent.pending().find((request) => request.kind === 'pairing')!.id, allow: false });

    // Revoked in Settings: the page must pair again.
    await fx.call('agent:revokeOrigin', { origin });
    expect((await agentCall(port, { path: '/v1/keys', headers: { origin } })).code).toBe('ERR_PAIRING_REQUIRED');
    const repairing = fx.services.agent.pending().find((request) => request.kind === 'pairing')!;
    await fx.call('agent:decide', { id: repairing.id, allow: true });
  });

  it('refuses oversized bodies with ERR_PAYLOAD_TOO_LARGE and keeps nothing of them', async () => {
    const incoming = path.join(fx.dataDir, 'agent', 'incoming');
    const big = JSON.stringify({ hash: { algorithm: 'SHA-256', value: digestHex }, padding: 'x'.repeat(5000) });
    const json = await agentCall(port, { method: 'POST', path: '/v1/sign', headers: { ...bearer(tokenA.token), 'content-type': 'application/json' }, body: big });
    expect([json.status, json.code]).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);

    const oneTooBig = await multipart([{ field: 'document', name: 'big.bin', content: Buffer.alloc(64 * 1024 + 1, 7) }]);
    const declared = await agentCall(port, { method: 'POST', path: '/v1/sign', headers: { ...bearer(tokenA.token), 'content-type': oneTooBig.contentType }, body: oneTooBig.body });
    expect([declared.status, declared.code]).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);
    // Without Content-Length the limit is enforced as the bytes arrive.
    const streamed = await agentCall(port, { method: 'POST', path: '/v1/sign', headers: { ...bearer(tokenA.token), 'content-type': oneTooBig.contentType }, body: oneTooBig.body, chunked: true });
    expect([streamed.status, streamed.code]).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);
    const many = await multipart(Array.from({ length: 6 }, (_, index) => ({ field: 'documents', name: `d${index}.bin`, content: Buffer.alloc(60 * 1024, index) })));
    const total = await agentCall(port, { method: 'POST', path: '/v1/batches', headers: { ...bearer(tokenA.token), 'content-type': many.contentType }, body: many.body, chunked: true });
    expect([total.status, total.code]).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);
    expect(fs.readdirSync(incoming)).toEqual([]);
    expect(fx.services.agent.pending()).toEqual([]);
    expect(fx.services.queue.batches().filter((batch) => batch.requestedBy !== null)).toEqual([]);
  });

  it('binds a fallback port when the default is taken, and removes agent.json on stop', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    await fx.server.close();
    expect(readPortFile(fx.dataDir)).toBeNull();
    const moved = await fx.services.agent.listen({ port: taken });
    try {
      expect(moved.port).not.toBe(taken);
      expect(moved.port).toBeGreaterThan(taken);
      expect(readPortFile(fx.dataDir)?.port).toBe(moved.port);
      expect((await agentCall(moved.port, { path: '/v1/info' })).status).toBe(200);
    } finally {
      await moved.close();
      blocker.close();
    }
    expect(readPortFile(fx.dataDir)).toBeNull();
    fx.server = await fx.services.agent.listen({ port: 0 });
    port = fx.server.port;
  });
});
