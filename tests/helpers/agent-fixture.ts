import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createServices, type Services } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets';
import { createGuard } from '../../main/core/api/guard';
import { createHandlers } from '../../main/core/api/handlers';
import type { AgentLimits, AgentServer } from '../../main/core/agent';
import type { AgentPendingRequest } from '../../preload/contract/domains/agent';
import { createSoftHsm, type SoftHsm } from './softhsm';
import { OpensslCa } from './openssl-ca';
import { runSigndesk } from './run-cli';

export interface AgentKeyFixture {
  /** Cabinet key id. */
  id: string;
  keyRef: string;
}

export interface AgentFixture {
  hsm: SoftHsm;
  ca: OpensslCa;
  dataDir: string;
  workDir: string;
  services: Services;
  server: AgentServer;
  keys: { a: AgentKeyFixture; b: AgentKeyFixture };
  /** A contract call through the same guard the window uses (`agent:decide`, `agent:pending`, …). */
  call<T = unknown>(channel: string, input?: unknown): Promise<T>;
  /** Resolves with the first pending request that `match` accepts (waiting for its `agentPending` event). */
  nextPending(match?: (request: AgentPendingRequest) => boolean, timeoutMs?: number): Promise<AgentPendingRequest>;
  close(): Promise<void>;
}

/**
 * Two certified EC keys on a SoftHSM2 token in a fresh cabinet (made the way a user would: `signdesk keygen`,
 * `csr`, a CA's `openssl x509 -req`, `cert import`), the core services on that data folder, and the agent
 * listening on a free loopback port.
 */
export async function createAgentFixture(limits: Partial<AgentLimits> = {}, options: { clock?: () => number } = {}): Promise<AgentFixture> {
  const hsm = createSoftHsm({ label: 'Agent' });
  const workDir = hsm.dir;
  const dataDir = path.join(workDir, 'data');
  const env = { ...hsm.env, AGENT_PIN: hsm.pin };
  const cli = async (...args: string[]) => {
    const run = await runSigndesk([...args, '--data-dir', dataDir], env);
    if (run.code !== 0) throw new Error(`signdesk ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };
  const ca = new OpensslCa(path.join(workDir, 'ca'), 'Signdesk Agent Test CA');
  const extFile = path.join(workDir, 'leaf.ext');
  fs.writeFileSync(extFile, 'basicConstraints = CA:false\nkeyUsage = critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n');
  const addKey = async (object: string, commonName: string): Promise<AgentKeyFixture> => {
    const keyRef = `pkcs11:token=${hsm.label};object=${object}?module-path=${hsm.modulePath}`;
    const generated = await cli('keygen', '--key', keyRef, '--alg', 'ec-p256', '--pin-env', 'AGENT_PIN');
    const id = /key ([0-9a-f-]{36})/.exec(generated)?.[1];
    if (!id) throw new Error(`keygen printed no cabinet id: ${generated}`);
    const csr = path.join(workDir, `${object}.csr`);
    await cli('csr', '--key', keyRef, '--subject', `CN=${commonName},O=Signdesk Agent Test`, '--out', csr, '--pin-env', 'AGENT_PIN');
    const cert = path.join(workDir, `${object}.pem`);
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', extFile, '-out', cert], { stdio: 'pipe' });
    await cli('cert', 'import', '--key', id, cert, '--pin-env', 'AGENT_PIN');
    return { id, keyRef };
  };
  const keys = { a: await addKey('key-a', 'Agent Key A'), b: await addKey('key-b', 'Agent Key B') };
  const services = createServices({ dataDir, runtime: 'cli', version: 'test', secrets: new MemorySecretStore(), agentLimits: limits, ...(options.clock ? { agentClock: options.clock } : {}) });
  const server = await services.agent.listen({ port: 0 });
  const guard = createGuard(createHandlers(services), () => true);
  const call = async <T>(channel: string, input: unknown = {}): Promise<T> => {
    const envelope = await guard(channel, { url: 'test', isMainFrame: true }, input);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };
  const nextPending = (match: (request: AgentPendingRequest) => boolean = () => true, timeoutMs = 20_000) =>
    new Promise<AgentPendingRequest>((resolve, reject) => {
      const found = services.agent.pending().find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        off();
        reject(new Error('no pending agent request came'));
      }, timeoutMs);
      const off = services.events.on('agentPending', (pending) => {
        const hit = pending.find(match);
        if (!hit) return;
        clearTimeout(timer);
        off();
        resolve(hit);
      });
    });
  return {
    hsm,
    ca,
    dataDir,
    workDir,
    services,
    server,
    keys,
    call,
    nextPending,
    async close() {
      await services.close();
      hsm.cleanup();
    },
  };
}

/** OpenSSL's opinion of a detached CAdES signature over `content` (throws with its stderr when it disagrees). */
export function opensslVerify(signature: Uint8Array, content: Uint8Array | null, caFile: string, dir: string): Buffer {
  const sig = path.join(dir, `check-${process.hrtime.bigint()}.p7s`);
  fs.writeFileSync(sig, signature);
  const args = ['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', sig, '-CAfile', caFile, '-purpose', 'any'];
  try {
    if (content) {
      const doc = `${sig}.content`;
      fs.writeFileSync(doc, content);
      return execFileSync('openssl', [...args, '-content', doc, '-out', '/dev/null'], { stdio: 'pipe' });
    }
    return execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    fs.rmSync(sig, { force: true });
    fs.rmSync(`${sig}.content`, { force: true });
  }
}
