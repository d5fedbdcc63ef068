import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../../preload/contract/errors';
import { createSignature, SignatureStamp } from '../../cms';
import type { SigningKey } from '../../crypto';
import { signerOfKey } from '../signer-facts';
import type { FileWorkerPool } from '../../workers/file-worker-pool';
import type { WorkerResult } from '../../workers/file-worker-protocol';
import type { FormatBatch, FormatPlan, PreparedItem, ResolvedBatchOptions } from '../signature-format';
import { manifestDocumentHash, openAsicContainer } from './container';
import type { AsicCheckTask, AsicPrepareTask, AsicState, AsicWriteTask } from './asice-tasks';

/** mimetype, local and central headers per entry, the manifest and a CAdES signature with its chain. */
const CONTAINER_OVERHEAD_ESTIMATE = 16 << 10;

/** ASiC-E's hash plan: every document of the container hashed on a worker, the manifest built from the digests. */
export function asicePlan(options: ResolvedBatchOptions, pool: FileWorkerPool): FormatPlan {
  return {
    prepare(item): Promise<WorkerResult<PreparedItem>> {
      const inputs = item.inputs && item.inputs.length > 0 ? item.inputs : [item.input];
      const task: AsicPrepareTask = { documents: inputs.map((input) => ({ name: path.basename(input), path: input })), hash: options.hash, documentHash: manifestDocumentHash(options.hash) };
      return pool.run('asice.prepare', task, item.sizeHint);
    },
    outputSizeEstimate: (inputSize) => inputSize + CONTAINER_OVERHEAD_ESTIMATE,
  };
}

/**
 * ASiC-E with CAdES in a batch: a detached CAdES signature over each container's manifest (a stamp built once per
 * batch, or a timestamped one per item), the container written and fsynced on a worker, read back and checked.
 */
export function createAsiceBatch(key: SigningKey, options: ResolvedBatchOptions, pool: FileWorkerPool): FormatBatch {
  const signer = signerOfKey(key);
  const stamp = new SignatureStamp(key, options.hash);
  return {
    signer,
    sign: (prepared) => (options.tsaUrl ? createSignature({ digest: prepared.digest, hash: options.hash, key, timestampUrl: options.tsaUrl }) : stamp.sign(prepared.digest)),
    async write(prepared, cms, tempPath): Promise<WorkerResult<{ outputSize: number }>> {
      const state = prepared.state as AsicState | undefined;
      if (!state) return { ok: false, code: 'ERR_INTERNAL', message: `${tempPath} was not prepared for a container` };
      return pool.run('asice.write', { tempPath, documents: state.documents, manifest: state.manifest, cms } satisfies AsicWriteTask, prepared.size);
    },
    async check(output, prepared, cms) {
      const result = await pool.run('asice.check', { path: output, cms, digest: prepared.digest, hash: options.hash, spki: key.publicKeySpki } satisfies AsicCheckTask);
      if (!result.ok) throw new SigndeskError(result.code, result.message);
    },
    confirm: (output, written) => holdsAsicSignature(output, written.signature, written.outputSize),
  };
}

/** Whether the container at `file` has `size` bytes and holds `cms` as one of its signatures. */
async function holdsAsicSignature(file: string, cms: Uint8Array, size: number | null): Promise<boolean> {
  if (cms.length === 0 || size === null) return false;
  try {
    if ((await fs.stat(file)).size !== size) return false;
    const container = await openAsicContainer(file);
    try {
      return container.signatures.some((signature) => Buffer.from(signature.der).equals(Buffer.from(cms)));
    } finally {
      container.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SigndeskError) return false;
    throw error;
  }
}
