#!/usr/bin/env node
// The signing agent's throughput: N small documents signed through the HTTP API in one consented batch
// (`signdesk serve --unattended`, a key's access token, multipart upload, server-sent events until done) against the
// same documents through one `signdesk sign`. Target (issue 18): the API ≥ 70% of the CLI's documents/s.
//
// `benchAgent(options)` is the piece `npm run bench` calls with its SoftHSM2 token key; run alone
// (`node tests/bench/agent.mjs`, after `npm run build`) it makes its own token, key and 1,000 documents.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const AGENT_TARGET = 0.7;

function cliJson(cli, env, args) {
  return JSON.parse(execFileSync(process.execPath, [cli, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }).toString());
}

function startServe(cli, env, dataDir, keyId, pinEnv) {
  const child = spawn(process.execPath, [cli, 'serve', '--unattended', '--key', keyId, '--pin-env', pinEnv, '--port', '0', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Signdesk agent: (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`signdesk serve exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

/** Reads the batch's server-sent events until `finished`; resolves with that event's batch. */
async function untilFinished(url, headers) {
  const response = await fetch(url, { headers });
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body) {
    text += decoder.decode(chunk, { stream: true });
    const match = /event: finished\ndata: (.*)\n/.exec(text);
    if (match) return JSON.parse(match[1]);
  }
  throw new Error('the event stream ended before `finished`');
}

/**
 * @param {{ cli: string, env: NodeJS.ProcessEnv, work: string, keyRef: string, pinEnv: string, files: string[] }} options
 *   `keyRef`: a certified `pkcs11:` key (module-path included), `env[pinEnv]` its PIN, `env` with SOFTHSM2_CONF.
 * @returns {Promise<{ files: number, apiSeconds: number, apiRate: number, cliSeconds: number, cliRate: number, ratio: number, pass: boolean }>}
 */
export async function benchAgent({ cli, env, work, keyRef, pinEnv, files }) {
  const dataDir = fs.mkdtempSync(path.join(work, 'agent-data-'));
  const key = cliJson(cli, env, ['keys', 'add', keyRef, '--name', 'bench agent key', '--pin-env', pinEnv, '--data-dir', dataDir]);
  const { token } = cliJson(cli, env, ['access-token', 'create', '--key', key.id, '--label', 'bench', '--data-dir', dataDir]);
  const serve = startServe(cli, env, dataDir, key.id, pinEnv);
  try {
    const agent = await serve.url;
    const headers = { authorization: `Bearer ${token}` };
    const form = new FormData();
    for (const file of files) form.append('documents', await fs.openAsBlob(file), path.basename(file));
    const t0 = process.hrtime.bigint();
    const created = await fetch(`${agent}/v1/batches`, { method: 'POST', headers, body: form });
    if (created.status !== 201) throw new Error(`POST /v1/batches: ${created.status} ${await created.text()}`);
    const { batch } = await created.json();
    const finished = await untilFinished(`${agent}${batch.links.events}`, headers);
    const apiSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (finished.done !== files.length) throw new Error(`API batch: ${finished.done}/${files.length} signed (${finished.state})`);

    const list = path.join(work, 'agent-bench.list');
    fs.writeFileSync(list, `${files.join('\n')}\n`);
    const outDir = fs.mkdtempSync(path.join(work, 'agent-cli-out-'));
    const cliData = fs.mkdtempSync(path.join(work, 'agent-cli-data-'));
    const t1 = process.hrtime.bigint();
    const report = cliJson(cli, env, ['sign', '--key', keyRef, '--pin-env', pinEnv, '--out-dir', outDir, '--from', list, '--data-dir', cliData]);
    const cliSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    if (report.done !== files.length) throw new Error(`signdesk sign: ${report.done}/${files.length} signed`);
    const apiRate = files.length / apiSeconds;
    const cliRate = files.length / cliSeconds;
    return { files: files.length, apiSeconds, apiRate, cliSeconds, cliRate, ratio: apiRate / cliRate, pass: apiRate / cliRate >= AGENT_TARGET };
  } finally {
    serve.child.kill('SIGTERM');
    await new Promise((resolve) => (serve.child.exitCode !== null ? resolve() : serve.child.once('exit', resolve)));
  }
}

/** One line for the bench's report. */
export function agentBenchLine(result) {
  return `${result.apiRate.toFixed(0)} docs/s through the API vs ${result.cliRate.toFixed(0)} docs/s signdesk sign: ${(result.ratio * 100).toFixed(0)}% (target ≥ ${AGENT_TARGET * 100}%) ${result.pass ? 'PASS' : 'FAIL'}`;
}

/** Alone: a SoftHSM2 token, an EC key certified by a throw-away CA (the way a user does it), N documents. */
async function standalone() {
  const count = Number(process.env.BENCH_AGENT_FILES ?? 1000);
  const module = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';
  const cli = path.join(ROOT, 'out/main/cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bench-agent-'));
  try {
    fs.mkdirSync(path.join(work, 'tokens'));
    const env = { ...process.env, SOFTHSM2_CONF: path.join(work, 'softhsm2.conf'), BENCH_PIN: '246810' };
    fs.writeFileSync(env.SOFTHSM2_CONF, `directories.tokendir = ${path.join(work, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--so-pin', '12345678', '--pin', env.BENCH_PIN], { env, stdio: 'ignore' });
    const keyRef = `pkcs11:token=bench;object=agent-key?module-path=${module}`;
    const setupData = path.join(work, 'setup-data');
    const run = (...args) => execFileSync(process.execPath, [cli, ...args, '--data-dir', setupData], { env, stdio: 'pipe' }).toString();
    run('keygen', '--key', keyRef, '--alg', 'ec-p256', '--pin-env', 'BENCH_PIN');
    run('csr', '--key', keyRef, '--subject', 'CN=Bench Agent,O=Signdesk', '--out', path.join(work, 'key.csr'), '--pin-env', 'BENCH_PIN');
    execFileSync('openssl', ['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(work, 'ca.key'), '-subj', '/CN=Bench CA', '-days', '2', '-out', path.join(work, 'ca.pem')], { stdio: 'ignore' });
    fs.writeFileSync(path.join(work, 'leaf.ext'), 'keyUsage = critical,digitalSignature,nonRepudiation\n');
    execFileSync('openssl', ['x509', '-req', '-in', path.join(work, 'key.csr'), '-CA', path.join(work, 'ca.pem'), '-CAkey', path.join(work, 'ca.key'), '-CAcreateserial', '-days', '2', '-extfile', path.join(work, 'leaf.ext'), '-out', path.join(work, 'key.pem')], { stdio: 'ignore' });
    run('cert', 'import', '--key', keyRef, path.join(work, 'key.pem'), '--pin-env', 'BENCH_PIN');
    const dir = path.join(work, 'docs');
    fs.mkdirSync(dir);
    const block = crypto.randomBytes(4096 + count);
    const files = Array.from({ length: count }, (_, index) => {
      const file = path.join(dir, `doc-${String(index).padStart(5, '0')}.bin`);
      fs.writeFileSync(file, block.subarray(index, index + 4096));
      return file;
    });
    const result = await benchAgent({ cli, env, work, keyRef, pinEnv: 'BENCH_PIN', files });
    console.log(`signing agent, ${count} files of 4 KiB, EC P-256 on SoftHSM2: ${agentBenchLine(result)} (API ${result.apiSeconds.toFixed(2)} s, CLI ${result.cliSeconds.toFixed(2)} s)`);
    process.exitCode = result.pass ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await standalone();
