import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { createAgentFixture, opensslVerify, type AgentFixture } from '../helpers/agent-fixture';
import { agentCall, multipart } from '../helpers/agent-client';
import { bundleCli } from '../helpers/bundle-cli';
import { runSigndesk } from '../helpers/run-cli';
import { readPortFile } from '../../main/core/agent';

const missing = missingTools(['softhsm2-util', 'openssl', SOFTHSM_MODULE]);

describe.skipIf(missing)('signdesk serve: the agent without the app (headless consent)', () => {
  let fx: AgentFixture;
  let cli: string;
  let serve: ChildProcess;
  let port: number;
  let stderr = '';

  beforeAll(async () => {
    fx = await createAgentFixture();
    // The app is not running on this data folder: only `signdesk serve` answers.
    await fx.server.close();
    cli = await bundleCli();
    serve = spawn(process.execPath, [cli, 'serve', '--unattended', '--key', fx.keys.a.id, '--pin-env', 'AGENT_PIN', '--port', '0', '--data-dir', fx.dataDir], {
      env: { ...fx.hsm.env, AGENT_PIN: fx.hsm.pin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      serve.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Signdesk agent: http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
  });

  afterAll(async () => {
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    await fx?.close();
    if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  it('refuses to start without a terminal to ask on, unless unattended', async () => {
    const run = await runSigndesk(['serve', '--port', '0', '--data-dir', fx.dataDir], fx.hsm.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ERR_USAGE');
  });

  it('signs a batch for the key it was started with, checked by OpenSSL; logs each request', async () => {
    const token = fx.services.cabinet.createAccessToken(fx.keys.a.id, 'M.E.Doc');
    const documents = ['звіт-1.xml', 'звіт-2.xml', 'звіт-3.xml'].map((name) => ({ field: 'documents', name, content: `<report name="${name}"/>` }));
    const form = await multipart(documents);
    const created = await agentCall(port, { method: 'POST', path: '/v1/batches', headers: { authorization: `Bearer ${token.token}`, 'content-type': form.contentType }, body: form.body });
    expect(created.status, created.body.toString()).toBe(201);
    const id = created.json<{ batch: { id: string } }>().batch.id;
    let answer: { batch: { state: string; done: number }; items: Array<{ name: string; signature: string }> };
    do {
      answer = (await agentCall(port, { path: `/v1/batches/${id}`, headers: { authorization: `Bearer ${token.token}` } })).json();
    } while (answer.batch.state === 'running' && (await new Promise((resolve) => setTimeout(resolve, 100))) === undefined);
    expect(answer.batch).toMatchObject({ state: 'done', done: 3 });
    for (const [index, item] of answer.items.entries()) {
      opensslVerify(Buffer.from(item.signature, 'base64'), Buffer.from(documents[index]!.content), fx.ca.cert, fx.workDir);
    }
    expect(stderr).toContain('M.E.Doc');
  });

  it('declines another key’s token, and every web page', async () => {
    const token = fx.services.cabinet.createAccessToken(fx.keys.b.id, 'other key');
    const signed = await agentCall(port, { method: 'POST', path: '/v1/sign', headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ hash: { algorithm: 'SHA-256', value: 'ab'.repeat(32) } }) });
    expect([signed.status, signed.code]).toEqual([403, 'ERR_CONSENT_DENIED']);
    for (const route of ['/v1/info', '/v1/keys']) {
      const page = await agentCall(port, { path: route, headers: { origin: 'https://buh.example.ua' } });
      expect([page.status, page.code], route).toEqual([403, 'ERR_ORIGIN_REFUSED']);
    }
  });

  it('stops on SIGTERM with exit 0 and takes its agent.json with it', async () => {
    expect(readPortFile(fx.dataDir)?.port).toBe(port);
    const exited = new Promise<number | null>((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readPortFile(fx.dataDir)).toBeNull();
  });
});
