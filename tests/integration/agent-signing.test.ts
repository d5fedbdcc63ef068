import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { createAgentFixture, opensslVerify, type AgentFixture } from '../helpers/agent-fixture';
import { agentCall, multipart, type AgentResponse } from '../helpers/agent-client';
import type { AgentSigningRequest } from '../../preload/contract/domains/agent';

const missing = missingTools(['softhsm2-util', 'openssl', SOFTHSM_MODULE]);
const ORIGIN = 'http://127.0.0.1:5173';

interface BatchAnswer {
  batch: { id: string; state: string; total: number; done: number; failed: number };
  items: Array<{ seq: number; name: string; state: string; signature: string | null }>;
}

describe.skipIf(missing)('signing agent: consent, documents, batches (real SoftHSM2 keys, checked by OpenSSL)', () => {
  let fx: AgentFixture;
  let port: number;
  /** The rate limiter's time while a test holds it still (undefined: it runs). */
  let frozenAt: number | undefined;
  const fromPage = (headers: Record<string, string> = {}) => ({ origin: ORIGIN, ...headers });
  const incoming = () => fs.readdirSync(path.join(fx.dataDir, 'agent', 'incoming'));
  const agentBatches = () => fx.services.queue.batches(1000).filter((batch) => batch.requestedBy === `origin:${ORIGIN}`);

  async function postDocuments(route: string, documents: Array<{ name: string; content: string | Buffer }>, query = ''): Promise<AgentResponse> {
    const form = await multipart(documents.map((document) => ({ field: route === '/v1/sign' ? 'document' : 'documents', ...document })));
    return agentCall(port, { method: 'POST', path: `${route}?keyId=${fx.keys.a.id}${query}`, headers: fromPage({ 'content-type': form.contentType }), body: form.body });
  }

  async function waitFinished(batchId: string, origin = ORIGIN): Promise<BatchAnswer> {
    for (;;) {
      const response = await agentCall(port, { path: `/v1/batches/${batchId}?limit=1000`, headers: { origin } });
      // A polite client: after a flood its bucket is empty, so it waits as long as Retry-After says.
      if (response.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers['retry-after']) * 1000));
        continue;
      }
      const answer = response.json<BatchAnswer>();
      if (['done', 'cancelled', 'stopped', 'interrupted'].includes(answer.batch.state)) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    fx = await createAgentFixture({ consentTimeoutMs: 4_000, rate: { burst: 40, perSecond: 10 } }, { clock: () => frozenAt ?? performance.now() });
    port = fx.server.port;
    fx.services.agent.origins.add(ORIGIN);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('without consent nothing is signed: denied, the caller hears ERR_CONSENT_DENIED; unanswered, ERR_CONSENT_TIMEOUT', async () => {
    const historyBefore = fx.services.queue.listHistory().length;
    const denied = postDocuments('/v1/batches', [{ name: 'договір.pdf', content: '%PDF-1.4 договір' }, { name: 'акт.pdf', content: '%PDF-1.4 акт' }]);
    const request = (await fx.nextPending((pending) => pending.kind === 'signing')) as AgentSigningRequest;
    expect(request).toMatchObject({
      operation: 'batch',
      caller: { kind: 'origin', origin: ORIGIN },
      count: 2,
      documents: [{ name: 'договір.pdf', size: Buffer.byteLength('%PDF-1.4 договір') }, { name: 'акт.pdf', size: Buffer.byteLength('%PDF-1.4 акт') }],
      key: { id: fx.keys.a.id, storage: 'token' },
      packaging: 'detached',
      format: 'cades',
    });
    // At most one waiting request per origin.
    const second = await postDocuments('/v1/sign', [{ name: 'x.txt', content: 'x' }]);
    expect([second.status, second.code]).toEqual([409, 'ERR_CONSENT_PENDING']);
    await fx.call('agent:decide', { id: request.id, allow: false });
    const answer = await denied;
    expect([answer.status, answer.code]).toEqual([403, 'ERR_CONSENT_DENIED']);
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);

    const unanswered = await postDocuments('/v1/sign', [{ name: 'late.txt', content: 'late' }]);
    expect([unanswered.status, unanswered.code]).toEqual([403, 'ERR_CONSENT_TIMEOUT']);

    expect(agentBatches()).toEqual([]);
    expect(fx.services.queue.listHistory()).toHaveLength(historyBefore);
    expect(incoming()).toEqual([]);
    expect(fx.services.agent.pending()).toEqual([]);
  });

  it('a caller that goes away withdraws its request (cancellation)', async () => {
    const controller = new AbortController();
    const form = await multipart([{ field: 'document', name: 'gone.txt', content: 'gone' }]);
    const gone = agentCall(port, { method: 'POST', path: `/v1/sign?keyId=${fx.keys.a.id}`, headers: fromPage({ 'content-type': form.contentType }), body: form.body, signal: controller.signal });
    await fx.nextPending((pending) => pending.kind === 'signing');
    controller.abort();
    await expect(gone).rejects.toThrow();
    await expect.poll(() => fx.services.agent.pending()).toEqual([]);
    await expect.poll(incoming).toEqual([]);
    expect(agentBatches()).toEqual([]);
  });

  it('signs one document after a wrong PIN and then the right one: one batch, in History, accepted by OpenSSL', async () => {
    const content = Buffer.from('%PDF-1.4 рахунок-фактура 15\n');
    const answer = postDocuments('/v1/sign', [{ name: 'рахунок 15.pdf', content }]);
    const request = (await fx.nextPending((pending) => pending.kind === 'signing')) as AgentSigningRequest;
    expect(request).toMatchObject({ operation: 'document', count: 1, documents: [{ name: 'рахунок 15.pdf', size: content.length }] });
    await expect(fx.call('agent:decide', { id: request.id, allow: true, secret: '000000' })).rejects.toMatchObject({ code: 'ERR_PIN_INCORRECT' });
    expect(fx.services.agent.pending().map((pending) => pending.id)).toEqual([request.id]);
    await fx.call('agent:decide', { id: request.id, allow: true, secret: fx.hsm.pin });
    const signed = await answer;
    expect(signed.status).toBe(200);
    const body = signed.json<{ name: string; signature: string; batchId: string }>();
    expect(body.name).toBe('рахунок 15.pdf.p7s');
    opensslVerify(Buffer.from(body.signature, 'base64'), content, fx.ca.cert, fx.workDir);
    const batches = agentBatches();
    expect(batches.map((batch) => [batch.id, batch.state, batch.done])).toEqual([[body.batchId, 'done', 1]]);
    expect(fx.services.queue.listHistory({ text: 'рахунок 15.pdf' })).toHaveLength(1);
    await expect.poll(incoming).toEqual([]);
  });

  it('signs a batch attached with one approval; progress arrives as server-sent events; items carry signatures', async () => {
    const documents = Array.from({ length: 12 }, (_, index) => ({ name: `act-${index}.txt`, content: `act ${index}\n`.repeat(index + 1) }));
    const created = postDocuments('/v1/batches', documents, '&packaging=attached');
    const request = (await fx.nextPending((pending) => pending.kind === 'signing')) as AgentSigningRequest;
    expect(request).toMatchObject({ operation: 'batch', count: 12, packaging: 'attached' });
    await fx.call('agent:decide', { id: request.id, allow: true, secret: fx.hsm.pin });
    const answer = await created;
    expect(answer.status).toBe(201);
    const batchId = answer.json<{ batch: { id: string } }>().batch.id;
    expect(answer.headers.location).toBe(`/v1/batches/${batchId}`);

    const events = await agentCall(port, { path: `/v1/batches/${batchId}/events`, headers: fromPage({ accept: 'text/event-stream' }) });
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
    const finished = /event: finished\ndata: (.*)\n/.exec(events.body.toString());
    expect(JSON.parse(finished![1]!)).toMatchObject({ id: batchId, state: 'done', done: 12, failed: 0 });

    const result = await waitFinished(batchId);
    expect(result.items.map((item) => item.name)).toEqual(documents.map((document) => document.name));
    for (const [index, item] of result.items.entries()) {
      const out = opensslVerify(Buffer.from(item.signature!, 'base64'), null, fx.ca.cert, fx.workDir);
      expect(out.toString()).toBe(documents[index]!.content);
    }
    const raw = await agentCall(port, { path: `/v1/batches/${batchId}/items/3/signature`, headers: fromPage() });
    // An attached signature carries its document: S/MIME's type for it.
    expect(raw.headers['content-type']).toBe('application/pkcs7-mime');
    expect(raw.body.toString('base64')).toBe(result.items[3]!.signature);

    // Another caller does not see it.
    const token = fx.services.cabinet.createAccessToken(fx.keys.a.id, 'other');
    const foreign = await agentCall(port, { path: `/v1/batches/${batchId}`, headers: { authorization: `Bearer ${token.token}` } });
    expect([foreign.status, foreign.code]).toEqual([404, 'ERR_NOT_FOUND']);

    // And a signature it made verifies through the API as well.
    const check = await multipart([{ field: 'signature', name: 'act-0.txt.p7s', content: Buffer.from(result.items[0]!.signature!, 'base64') }, { field: 'revocation', value: 'skip' }]);
    const report = await agentCall(port, { method: 'POST', path: '/v1/verify', headers: fromPage({ 'content-type': check.contentType }), body: check.body });
    expect(report.status).toBe(200);
    expect(report.json()).toMatchObject({ signers: [{ subject: expect.stringContaining('Agent Key A'), checks: { signature: true, messageDigest: true } }] });
    await expect.poll(incoming).toEqual([]);
  });

  it('keeps every document’s name when names repeat or one is another’s signature name', async () => {
    const documents = [
      { name: 'act.pdf', content: 'first act' },
      { name: 'act.pdf', content: 'second act' },
      { name: 'act.pdf.p7s', content: 'a document that happens to end in .p7s' },
      { name: '../../etc/passwd', content: 'not a path' },
    ];
    const created = postDocuments('/v1/batches', documents);
    const request = (await fx.nextPending((pending) => pending.kind === 'signing')) as AgentSigningRequest;
    expect(request.documents.map((document) => document.name)).toEqual(['act.pdf', 'act.pdf', 'act.pdf.p7s', 'passwd']);
    await fx.call('agent:decide', { id: request.id, allow: true, secret: fx.hsm.pin });
    const result = await waitFinished((await created).json<{ batch: { id: string } }>().batch.id);
    expect(result.batch).toMatchObject({ state: 'done', done: 4, failed: 0 });
    for (const [index, item] of result.items.entries()) opensslVerify(Buffer.from(item.signature!, 'base64'), Buffer.from(documents[index]!.content), fx.ca.cert, fx.workDir);
    await expect.poll(incoming).toEqual([]);
  });

  it('"allow for this session" signs the next requests without asking, until the user stops it', async () => {
    const first = postDocuments('/v1/sign', [{ name: 'one.txt', content: 'one' }]);
    const request = await fx.nextPending((pending) => pending.kind === 'signing');
    await fx.call('agent:decide', { id: request.id, allow: true, secret: fx.hsm.pin, forSession: true });
    expect((await first).status).toBe(200);
    const access = await fx.call<{ sessions: Array<{ id: string; caller: { origin: string }; keyId: string; signed: number }> }>('agent:origins');
    expect(access.sessions).toMatchObject([{ caller: { origin: ORIGIN }, keyId: fx.keys.a.id }]);

    const second = await postDocuments('/v1/sign', [{ name: 'two.txt', content: 'two' }]);
    expect(second.status).toBe(200);
    opensslVerify(Buffer.from(second.json<{ signature: string }>().signature, 'base64'), Buffer.from('two'), fx.ca.cert, fx.workDir);
    expect((await fx.call<typeof access>('agent:origins')).sessions[0]!.signed).toBe(1);

    await fx.call('agent:stopSession', { id: access.sessions[0]!.id });
    const third = postDocuments('/v1/sign', [{ name: 'three.txt', content: 'three' }]);
    const asked = await fx.nextPending((pending) => pending.kind === 'signing');
    await fx.call('agent:decide', { id: asked.id, allow: false });
    expect((await third).code).toBe('ERR_CONSENT_DENIED');
  });

  it('1,000 rapid requests from one origin are rate-limited; the one approved batch is signed once, none lost or doubled', async () => {
    // An origin of its own: its bucket starts full (burst 40), untouched by the tests before.
    const flood = 'http://127.0.0.1:5999';
    fx.services.agent.origins.add(flood);
    const floodBatches = () => fx.services.queue.batches(1000).filter((batch) => batch.requestedBy === `origin:${flood}`);
    const form = await multipart([{ field: 'documents', name: 'flood.txt', content: 'flood' }]);
    const send = () => agentCall(port, { method: 'POST', path: `/v1/batches?keyId=${fx.keys.a.id}`, headers: { origin: flood, 'content-type': form.contentType }, body: form.body });
    // The limiter's clock stands still while the flood is answered: no refill, however slow the machine, so exactly
    // the burst gets past it — one takes the consent slot, the other 39 find it taken.
    frozenAt = performance.now();
    let refused = 0;
    let answered = 0;
    let slotRefusals!: () => void;
    // 39 refusals; or, should the count be wrong, every answer but the waiting one (the assertions below say how).
    const allRefused = new Promise<void>((resolve) => (slotRefusals = resolve));
    const answers: Array<Promise<AgentResponse>> = [];
    for (let index = 0; index < 1000; index++) {
      answers.push(
        send().finally(() => {
          if (++answered === 999) slotRefusals();
        }).then((answer) => {
          if (answer.code === 'ERR_CONSENT_PENDING' && ++refused === 39) slotRefusals();
          return answer;
        }),
      );
    }
    try {
      const request = await fx.nextPending((pending) => pending.kind === 'signing');
      // Approved once every request that got past the limiter has been answered: none can take the slot after it.
      await allRefused;
      await fx.call('agent:decide', { id: request.id, allow: true, secret: fx.hsm.pin });
      await Promise.allSettled(answers);
    } finally {
      frozenAt = undefined;
    }
    const settled = await Promise.all(answers);
    const by = (code: string | undefined) => settled.filter((answer) => answer.code === code).length;
    const created = settled.filter((answer) => answer.status === 201);
    expect(created).toHaveLength(1);
    expect([by('ERR_RATE_LIMITED'), by('ERR_CONSENT_PENDING')], JSON.stringify(settled.map((answer) => answer.code ?? answer.status))).toEqual([960, 39]);
    const limited = settled.find((answer) => answer.code === 'ERR_RATE_LIMITED')!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const batchId = created[0]!.json<{ batch: { id: string } }>().batch.id;
    const result = await waitFinished(batchId, flood);
    expect(result.batch).toMatchObject({ state: 'done', total: 1, done: 1 });
    expect(floodBatches().map((batch) => batch.id)).toEqual([batchId]);
    expect(fx.services.queue.listHistory({ text: 'flood.txt' })).toHaveLength(1);
    expect(fx.services.agent.pending()).toEqual([]);
  });
});
