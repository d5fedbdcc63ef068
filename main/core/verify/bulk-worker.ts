// Worker thread entry of bulk verification: built as its own entry (out/main/verify-worker.js); the logic is in bulk-job.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createBulkVerifier, type BulkConfig } from './bulk-job';
import type { WorkerRequest, WorkerResponse } from './bulk-protocol';

const port = parentPort;
if (!port) throw new Error('bulk-worker runs in a worker thread');
const verify = createBulkVerifier(workerData as BulkConfig);
port.on('message', (request: WorkerRequest) => {
  void (async () => {
    // The files of a batch in flight together: one's reads overlap another's checks.
    const results = await Promise.all(request.items.map((item) => verify(item)));
    port.postMessage({ id: request.id, results } satisfies WorkerResponse);
  })();
});
