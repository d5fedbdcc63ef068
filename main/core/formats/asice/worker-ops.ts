import type { WorkerOp } from '../../workers/file-worker-protocol';
import { limitedMap } from '../limited-map';
import { checkAsicOutput, prepareAsicItem, writeAsicItem, type AsicCheckTask, type AsicPrepareTask, type AsicWriteTask } from './asice-tasks';

/** A few tasks per thread at a time: each holds file handles and read buffers, and ends in an fsync. */
const TASKS_AT_ONCE = 8;

/** ASiC-E's file-worker ops: hash the documents and build the manifest, write the container, check it. */
export const ASICE_WORKER_OPS: Readonly<Record<string, WorkerOp>> = {
  'asice.prepare': (tasks) => limitedMap(tasks as AsicPrepareTask[], TASKS_AT_ONCE, prepareAsicItem),
  'asice.write': (tasks) => limitedMap(tasks as AsicWriteTask[], TASKS_AT_ONCE, writeAsicItem),
  'asice.check': (tasks) => limitedMap(tasks as AsicCheckTask[], TASKS_AT_ONCE, checkAsicOutput),
};
