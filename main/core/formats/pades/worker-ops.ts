import type { WorkerOp } from '../../workers/file-worker-protocol';
import { limitedMap } from '../limited-map';
import { checkPadesOutput, embedPadesItem, preparePadesItem, type PadesCheckTask, type PadesEmbedTask, type PadesPrepareTask } from './pades-tasks';

/** A few tasks per thread at a time: each holds file handles and read buffers, and ends in an fsync. */
const TASKS_AT_ONCE = 8;

/** PAdES's file-worker ops: prepare (placeholder + byte-range hash), embed the CMS, check the published PDF. */
export const PADES_WORKER_OPS: Readonly<Record<string, WorkerOp>> = {
  'pades.prepare': (tasks) => limitedMap(tasks as PadesPrepareTask[], TASKS_AT_ONCE, preparePadesItem),
  'pades.embed': (tasks) => limitedMap(tasks as PadesEmbedTask[], TASKS_AT_ONCE, embedPadesItem),
  'pades.check': (tasks) => limitedMap(tasks as PadesCheckTask[], TASKS_AT_ONCE, checkPadesOutput),
};
