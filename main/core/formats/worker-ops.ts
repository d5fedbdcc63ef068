import type { WorkerOp } from '../workers/file-worker-protocol';
import { hashFileTask, writeTempFiles } from '../workers/file-ops';
import { ASICE_WORKER_OPS } from './asice/worker-ops';
import { CADES_WORKER_OPS } from './cades/worker-ops';
import { PADES_WORKER_OPS } from './pades/worker-ops';

/** Every op the file worker answers: the generic file ops and each format's own. A new format adds its ops here. */
export const WORKER_OPS: Readonly<Record<string, WorkerOp>> = {
  hash: (tasks) => (tasks as Parameters<typeof hashFileTask>[0][]).map(hashFileTask),
  write: (tasks, context) => writeTempFiles(tasks, context),
  ...CADES_WORKER_OPS,
  ...PADES_WORKER_OPS,
  ...ASICE_WORKER_OPS,
};
