import fs from 'node:fs';
import { SigndeskError } from '../../../../preload/contract/errors';
import type { SigningKey } from '../../crypto';
import { createSignature, SignatureStamp } from '../../cms';
import { signerOfKey } from '../signer-facts';
import type { FileWorkerPool } from '../../workers/file-worker-pool';
import type { WorkerResult } from '../../workers/file-worker-protocol';
import type { FormatBatch, FormatPlan, PreparedItem, ResolvedBatchOptions } from '../signature-format';

/** An attached signature holds the whole file in memory while it is built. */
const MAX_ATTACHED_BYTES = 256 << 20;

/** CAdES's hash plan: the whole file, streamed on a worker (and kept in memory when the signature carries it). */
export function cadesPlan(options: ResolvedBatchOptions, pool: FileWorkerPool): FormatPlan {
  return {
    prepare(item) {
      if (options.attached && item.sizeHint > MAX_ATTACHED_BYTES) {
        const mebibytes = Math.round(item.sizeHint / 2 ** 20);
        return Promise.resolve({ ok: false, code: 'ERR_INPUT_INVALID', message: `${item.input} is ${mebibytes} MiB: batches attach files up to ${MAX_ATTACHED_BYTES / 2 ** 20} MiB; sign it detached` });
      }
      return pool.hash({ path: item.input, hash: options.hash, wantContent: options.attached, sizeHint: item.sizeHint });
    },
    outputSizeEstimate: (inputSize) => (options.attached ? inputSize : 0) + SIGNATURE_SIZE_ESTIMATE,
  };
}

/** A CAdES-BES signature with a certificate chain: a few kilobytes (a timestamp adds a few more). */
const SIGNATURE_SIZE_ESTIMATE = 8 << 10;

/**
 * CAdES-BES in a batch: the hash plan is the whole file (streamed on a worker); detached signatures come from a
 * SignatureStamp (the DER built once and patched per file), attached or timestamped ones from `createSignature`;
 * the output is the signature itself, written and checked on the workers.
 */
export function createCadesBatch(key: SigningKey, options: ResolvedBatchOptions, pool: FileWorkerPool): FormatBatch {
  const signer = signerOfKey(key);
  const stamp = new SignatureStamp(key, options.hash);
  return {
    signer,
    sign: (prepared: PreparedItem) =>
      prepared.content === null && !options.tsaUrl
        ? stamp.sign(prepared.digest)
        : createSignature({ digest: prepared.digest, hash: options.hash, key, content: prepared.content ?? undefined, timestampUrl: options.tsaUrl ?? undefined }),
    async write(_prepared, cms, tempPath): Promise<WorkerResult<{ outputSize: number }>> {
      const result = await pool.writeSynced(tempPath, cms);
      return result.ok ? { ok: true, outputSize: cms.length } : result;
    },
    async check(output, prepared, cms) {
      const result = await pool.run('cades.check', { path: output, expected: cms, digest: prepared.digest, spki: key.publicKeySpki });
      if (!result.ok) throw new SigndeskError(result.code, result.message);
    },
    async confirm(output, written) {
      return Buffer.from(readIfSize(output, written.signature.length) ?? []).equals(Buffer.from(written.signature)) && written.signature.length > 0;
    },
  };
}

/** The file's bytes when it exists and has exactly `expectedSize` bytes (anything else cannot be ours). */
function readIfSize(file: string, expectedSize: number): Uint8Array | null {
  try {
    const stat = fs.statSync(file);
    return stat.size === expectedSize ? new Uint8Array(fs.readFileSync(file)) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
