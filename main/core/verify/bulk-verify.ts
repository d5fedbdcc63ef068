import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BulkVerifySummary } from '../../../preload/contract/domains/verify';
import { createBulkVerifier, type BulkConfig, type BulkItemResult } from './bulk-job';
import type { WorkerRequest, WorkerResponse } from './bulk-protocol';
import type { SignatureItem } from './signature-pairs';

export interface BulkVerifyOptions {
  /** Worker threads; default: one per core. 0: verify on this thread. */
  jobs?: number;
  /** The built worker entry (`verify-worker.js`); default: found beside the running bundle, else this thread verifies. */
  workerPath?: string;
  /** Each verdict as it comes (in completion order). */
  onResult?: (result: BulkItemResult, done: number, total: number) => void;
  signal?: AbortSignal;
}

export type BulkSummary = BulkVerifySummary;

/** Files per message to a worker: small signatures travel in batches to keep messaging cheap. */
const BATCH = 16;

/**
 * Verifies many signature files in parallel worker threads (the same verifier as one file, one configuration built
 * once per thread), reporting each verdict as it comes. Results come back in the order of `items`.
 */
export async function verifyMany(items: readonly SignatureItem[], config: BulkConfig, options: BulkVerifyOptions = {}): Promise<BulkItemResult[]> {
  const jobs = Math.min(options.jobs ?? os.availableParallelism(), Math.ceil(items.length / BATCH));
  const workerPath = jobs > 0 ? (options.workerPath ?? builtWorkerPath()) : undefined;
  const results = new Array<BulkItemResult>(items.length);
  let done = 0;
  const record = (index: number, result: BulkItemResult): void => {
    results[index] = result;
    done++;
    options.onResult?.(result, done, items.length);
  };
  if (!workerPath || jobs <= 1) {
    const verify = createBulkVerifier(config);
    for (const [index, item] of items.entries()) {
      if (options.signal?.aborted) break;
      record(index, await verify(item));
    }
    return results.filter(Boolean);
  }
  let next = 0;
  const run = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      let pending: { id: number; start: number } | undefined;
      const send = (): void => {
        if (next >= items.length || options.signal?.aborted) {
          resolve();
          return;
        }
        const start = next;
        next = Math.min(items.length, next + BATCH);
        pending = { id: start, start };
        worker.postMessage({ id: start, items: items.slice(start, next) } satisfies WorkerRequest);
      };
      worker.on('message', (response: WorkerResponse) => {
        if (!pending || response.id !== pending.id) return;
        response.results.forEach((result, offset) => record(pending!.start + offset, result));
        send();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (next < items.length && !options.signal?.aborted) reject(new Error(`A verification worker stopped (exit code ${code})`));
      });
      send();
    });
  const workers = Array.from({ length: jobs }, () => new Worker(workerPath, { workerData: config }));
  let failure: unknown;
  try {
    await Promise.all(workers.map(run));
  } catch (error) {
    failure = error;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  if (failure !== undefined) {
    // A worker that cannot start or dies (a packaging mistake, memory): what it had not finished is verified here.
    const verify = createBulkVerifier(config);
    for (const [index, item] of items.entries()) {
      if (options.signal?.aborted) break;
      if (!results[index]) record(index, await verify(item));
    }
  }
  return results.filter(Boolean);
}

export function summarize(results: readonly BulkItemResult[]): BulkSummary {
  return {
    total: results.length,
    passed: results.filter((result) => result.indication === 'TOTAL-PASSED').length,
    failed: results.filter((result) => result.indication === 'TOTAL-FAILED').length,
    indeterminate: results.filter((result) => result.indication === 'INDETERMINATE').length,
    errors: results.filter((result) => result.indication === null).length,
  };
}

/** `verify-worker.js` beside the bundle that runs this code (out/main/, or its chunks/ folder's parent). */
function builtWorkerPath(): string | undefined {
  for (const relative of ['./verify-worker.js', '../verify-worker.js']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}
