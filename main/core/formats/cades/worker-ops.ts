import type { WorkerOp } from '../../workers/file-worker-protocol';
import { checkCadesOutput, type CadesCheckTask } from './output-check';

/** CAdES's own file-worker ops: the check of a written signature. */
export const CADES_WORKER_OPS: Readonly<Record<string, WorkerOp>> = {
  'cades.check': (tasks) => (tasks as CadesCheckTask[]).map(checkCadesOutput),
};
