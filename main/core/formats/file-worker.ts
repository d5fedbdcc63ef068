/**
 * The file worker threads' entry (bundled on its own: scripts/build-workers.mjs). It answers chunks of tasks by op
 * name: the generic file ops and every format's own (its `worker-ops.ts`, registered in `worker-ops.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerContext, WorkerReply, WorkerRequest, WorkerResult } from '../workers/file-worker-protocol';
import { failure } from '../workers/file-ops';
import { WORKER_OPS } from './worker-ops';

const port = parentPort!;
const context: WorkerContext = { createLock: new Int32Array((workerData as { createLock: SharedArrayBuffer }).createLock) };

function reply(id: number, results: Array<WorkerResult<object>>): void {
  const transfer: ArrayBuffer[] = [];
  for (const result of results) {
    const content = result.ok ? (result as { content?: Uint8Array | null }).content : null;
    if (content && content.buffer instanceof ArrayBuffer) transfer.push(content.buffer);
  }
  port.postMessage({ id, results } satisfies WorkerReply, transfer);
}

port.on('message', (message: WorkerRequest) => {
  const op = WORKER_OPS[message.op];
  if (!op) {
    reply(message.id, message.tasks.map(() => failure('ERR_INTERNAL', `Unknown file worker op ${message.op}`)));
    return;
  }
  let results: Array<WorkerResult<object> | Promise<WorkerResult<object>>>;
  try {
    results = op(message.tasks as never[], context);
  } catch (error) {
    results = message.tasks.map(() => failure('ERR_INTERNAL', `File worker op ${message.op} failed: ${(error as Error).message}`));
  }
  // Only a large file's hash is asynchronous; everything else answers in this turn.
  if (results.some((result) => result instanceof Promise)) void Promise.all(results).then((settled) => reply(message.id, settled));
  else reply(message.id, results as Array<WorkerResult<object>>);
});
