import fs from 'node:fs/promises';
import type { BatchOptions } from '../../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../../preload/contract/errors';
import { createSignature } from '../../cms';
import type { SigningHashName, SigningKey } from '../../crypto';
import { signerOfKey } from '../signer-facts';
import type { FileWorkerPool } from '../../workers/file-worker-pool';
import { onDisk } from '../../workers/worker-script';
import type { WorkerResult } from '../../workers/file-worker-protocol';
import type { FormatBatch, FormatPlan, PreparedItem, ResolvedBatchOptions } from '../signature-format';
import { contentsSizeFor } from './contents-size';
import { readPdfSignatures } from './pdf';
import { defaultSignatureFontPath } from './pdf/signature-font';
import { codedFailure } from '../coded-failure';
import { type PadesCheckTask, type PadesEmbedTask, type PadesPrepareTask, type PadesState } from './pades-tasks';
import { visibleSignatureOptions } from './visible-signature';

/** The appended update besides the placeholder: dictionaries, a visible signature's font subset and form. */
const UPDATE_SIZE_ESTIMATE = 64 << 10;

interface SignerFacts {
  certificate: Uint8Array;
  contentsSize: number;
  fontPath: string | undefined;
}

/** The signer's certificate a PAdES signature is made with (the visible text and the room for the CMS depend on it). */
export function padesSignerFacts(key: SigningKey, options: Pick<BatchOptions, 'tsaUrl' | 'visible'>): SignerFacts {
  if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', `The key ${key.ref} has no certificate: import one before signing`);
  // Worker threads read the font from disk: in the packaged app it is unpacked beside app.asar.
  const fontPath = options.visible ? onDisk(defaultSignatureFontPath()) : undefined;
  return { certificate: key.certificate, contentsSize: contentsSizeFor(key, Boolean(options.tsaUrl)), fontPath };
}

/** The worker task that prepares one input for `facts`' signer at `now`. */
export function padesPrepareTask(input: string, tempPath: string, options: { hash: SigningHashName; visible?: BatchOptions['visible'] }, facts: SignerFacts, now: Date): PadesPrepareTask {
  return {
    input,
    tempPath,
    hash: options.hash,
    contentsSize: facts.contentsSize,
    signingTime: now.getTime(),
    ...(options.visible ? { visible: visibleSignatureOptions(options.visible, facts.certificate, now, facts.fontPath) } : {}),
  };
}

/**
 * PAdES's hash plan: once the key is open (the placeholder's size and a visible signature's text depend on its
 * certificate), each input is copied to the batch's temp path with an incremental update holding the signature
 * dictionary, and its byte ranges are hashed — on a file worker, streamed, whatever the PDF's size.
 */
export function padesPlan(options: ResolvedBatchOptions, pool: FileWorkerPool, key: Promise<SigningKey>): FormatPlan {
  const facts = key.then((opened) => padesSignerFacts(opened, options));
  // A key that cannot be opened stops the batch in the runner; the plan only answers its items with the reason.
  facts.catch(() => undefined);
  return {
    async prepare(item): Promise<WorkerResult<PreparedItem>> {
      let task: PadesPrepareTask;
      try {
        task = padesPrepareTask(item.input, item.tempPath, options, await facts, new Date());
      } catch (error) {
        return codedFailure(error, item.input);
      }
      return pool.run('pades.prepare', task, item.sizeHint);
    },
    outputSizeEstimate: (inputSize) => inputSize + UPDATE_SIZE_ESTIMATE + 2 * contentsSizeFor({}, Boolean(options.tsaUrl)),
  };
}

/**
 * PAdES-B-B (B-T with a TSA) in a batch: a CAdES-detached CMS over the byte ranges with signingCertificateV2 and no
 * signingTime attribute (the time is the dictionary's /M), embedded into the prepared temp file on a worker, the
 * published PDF read back and checked.
 */
export function createPadesBatch(key: SigningKey, options: ResolvedBatchOptions, pool: FileWorkerPool): FormatBatch {
  const signer = signerOfKey(key);
  return {
    signer,
    sign: (prepared) => createSignature({ digest: prepared.digest, hash: options.hash, key, omitSigningTime: true, ...(options.tsaUrl ? { timestampUrl: options.tsaUrl } : {}) }),
    async write(prepared, cms, tempPath): Promise<WorkerResult<{ outputSize: number }>> {
      const state = prepared.state as PadesState | undefined;
      if (!state) return { ok: false, code: 'ERR_INTERNAL', message: `${tempPath} was not prepared for a PDF signature` };
      return pool.run('pades.embed', { tempPath, contentsOffset: state.contentsOffset, contentsLength: state.contentsLength, cms } satisfies PadesEmbedTask);
    },
    async check(output, prepared, cms) {
      const result = await pool.run('pades.check', { path: output, cms, digest: prepared.digest, hash: options.hash, spki: key.publicKeySpki } satisfies PadesCheckTask);
      if (!result.ok) throw new SigndeskError(result.code, result.message);
    },
    confirm: (output, written) => holdsSignature(output, written.signature, written.outputSize),
  };
}

/** Whether the PDF at `file` has `size` bytes and holds `cms` as one of its signatures (a crash's published output). */
export async function holdsSignature(file: string, cms: Uint8Array, size: number | null): Promise<boolean> {
  if (cms.length === 0 || size === null) return false;
  try {
    if ((await fs.stat(file)).size !== size) return false;
    const cmsBytes = Buffer.from(cms);
    return (await readPdfSignatures(file)).some((signature) => signature.cms.equals(cmsBytes));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SigndeskError) return false;
    throw error;
  }
}
