import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Mechanism } from 'pkcs11js';
import { onDisk, workerScript } from '../workers/worker-script';
import type { SigningThreadData, SigningThreadReply } from './signing-thread-protocol';

/** One thread's share of a module task: C_SignInit + C_Sign over each item, on one session, with one key. */
export interface SigningJob {
  session: Buffer;
  key: Buffer;
  mechanism: Mechanism;
  items: readonly Uint8Array[];
  maxSignatureLength: number;
}

/** The signatures made, in order; `error` (a pkcs11js error: its message is the CKR) stopped the rest. */
export interface SigningJobResult {
  signatures: Uint8Array[];
  error?: Error;
  /** The thread's own time on the job, waiting excluded. */
  elapsedMs: number;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  jobs: Map<number, (result: SigningJobResult) => void>;
  failure?: Error;
}

/**
 * Threads that make a software token's signatures, so that neither C_SignInit nor C_Sign runs on the main thread
 * and the host's cores sign in parallel, each on a session of its own. They are driven from inside one task of
 * the module's call queue (TokenKeySigner), which waits for every job it gave them: nothing else reaches the
 * module meanwhile. A thread holds the process open only while it has jobs.
 */
export class SigningThreads {
  private readonly threads: Thread[] = [];
  /** Why no thread could start (the worker entry or pkcs11js not found): the key then signs in turn. */
  private readonly startFailure: Error | undefined;
  private nextId = 1;

  constructor(modulePath: string, count: number) {
    let script: string;
    let pkcs11js: string;
    try {
      script = workerScript('signing-thread');
      pkcs11js = onDisk(createRequire(import.meta.url).resolve('pkcs11js'));
    } catch (error) {
      this.startFailure = error as Error;
      return;
    }
    this.threads = Array.from({ length: count }, () => this.spawn(script, pkcs11js, modulePath));
  }

  get size(): number {
    return this.threads.length;
  }

  /** Resolves once every thread has loaded the library; rejects when one cannot (the caller signs in-thread). */
  async ready(): Promise<void> {
    if (this.startFailure) throw this.startFailure;
    await Promise.all(this.threads.map((thread) => thread.ready));
  }

  /** Never rejects: a thread that has failed answers every job with its failure, like the jobs it was running. */
  run(index: number, job: SigningJob): Promise<SigningJobResult> {
    const thread = this.threads[index]!;
    if (thread.failure) return Promise.resolve({ signatures: [], error: thread.failure, elapsedMs: 0 });
    const id = this.nextId++;
    return new Promise((resolve) => {
      thread.jobs.set(id, resolve);
      thread.worker.ref();
      thread.worker.postMessage({ id, session: job.session, key: job.key, mechanism: job.mechanism, items: job.items, maxSignatureLength: job.maxSignatureLength });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private spawn(script: string, pkcs11js: string, modulePath: string): Thread {
    const worker = new Worker(script, { workerData: { pkcs11js, modulePath } satisfies SigningThreadData });
    worker.unref();
    let settleReady!: (error?: Error) => void;
    const thread: Thread = {
      worker,
      jobs: new Map(),
      ready: new Promise<void>((resolve, reject) => (settleReady = (error) => (error ? reject(error) : resolve()))),
    };
    // Handled here too: a failed start is reported to whoever awaits `ready`, never as an unhandled rejection.
    thread.ready.catch(() => undefined);
    const fail = (error: Error) => {
      thread.failure ??= error;
      settleReady(error);
      for (const resolve of thread.jobs.values()) resolve({ signatures: [], error, elapsedMs: 0 });
      thread.jobs.clear();
    };
    worker.on('message', (message: SigningThreadReply) => {
      if (message.ready !== undefined) {
        if (message.ready) settleReady();
        else fail(new Error(`The signing thread cannot load ${modulePath}: ${message.message}`));
        return;
      }
      const resolve = thread.jobs.get(message.id!);
      thread.jobs.delete(message.id!);
      if (thread.jobs.size === 0) worker.unref();
      resolve?.({ signatures: message.signatures ?? [], elapsedMs: message.elapsedMs ?? 0, ...(message.error !== undefined ? { error: new Error(message.error) } : {}) });
    });
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('The signing thread stopped')));
    return thread;
  }
}
