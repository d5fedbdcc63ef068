import fs from 'node:fs/promises';
import type { HashName } from '../../crypto';
import type { WorkerResult } from '../../workers/file-worker-protocol';
import { failure } from '../../workers/file-ops';
import { codedFailure } from '../coded-failure';
import { checkCadesSignature } from '../cades/output-check';
import type { PreparedItem } from '../signature-format';
import { embedSignature, hashByteRanges, preparePdfSignature, readPdfSignatures, type VisibleSignatureOptions } from './pdf';

/** What a prepared PDF's output is written with: where the CMS goes, the ranges it signs. */
export interface PadesState extends Record<string, unknown> {
  byteRange: [number, number, number, number];
  contentsOffset: number;
  contentsLength: number;
}

export interface PadesPrepareTask {
  input: string;
  tempPath: string;
  hash: HashName;
  contentsSize: number;
  /** /M, in ms since the epoch. */
  signingTime: number;
  visible?: VisibleSignatureOptions;
}

export interface PadesEmbedTask {
  tempPath: string;
  contentsOffset: number;
  contentsLength: number;
  cms: Uint8Array;
}

export interface PadesCheckTask {
  path: string;
  cms: Uint8Array;
  digest: Uint8Array;
  hash: HashName;
  /** The signer's SubjectPublicKeyInfo (DER). */
  spki: Uint8Array;
}

/**
 * The PAdES hash plan for one input, on a file worker: copy it to the temp path with a signature placeholder appended
 * as an incremental update (the engine refuses encrypted, malformed and DocMDP P=1 documents with its codes), then
 * hash the byte ranges by streaming. The input must not change while it is copied.
 */
export async function preparePadesItem(task: PadesPrepareTask): Promise<WorkerResult<PreparedItem>> {
  try {
    const before = await fs.stat(task.input);
    if (!before.isFile()) return failure('ERR_FILE_UNREADABLE', `${task.input} is not a regular file`);
    const prepared = await preparePdfSignature(task.input, task.tempPath, {
      contentsSize: task.contentsSize,
      signingTime: new Date(task.signingTime),
      // Embedding the CMS fsyncs the file; a crash before that throws the temp file away.
      sync: false,
      ...(task.visible ? { visible: task.visible } : {}),
    });
    const after = await fs.stat(task.input);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.size !== prepared.previousSize) {
      await fs.rm(task.tempPath, { force: true });
      return failure('ERR_FILE_UNREADABLE', `${task.input} changed while it was read`);
    }
    const digest = await hashByteRanges(task.tempPath, prepared.byteRange, task.hash);
    const state: PadesState = { byteRange: prepared.byteRange, contentsOffset: prepared.contentsOffset, contentsLength: prepared.contentsLength };
    return { ok: true, digest, size: before.size, mtimeMs: Math.trunc(before.mtimeMs), content: null, state };
  } catch (error) {
    await fs.rm(task.tempPath, { force: true }).catch(() => undefined);
    return codedFailure(error, task.input);
  }
}

/** Writes the CMS into the prepared temp file's placeholder and fsyncs it; the output's size. */
export async function embedPadesItem(task: PadesEmbedTask): Promise<WorkerResult<{ outputSize: number }>> {
  try {
    await embedSignature(task.tempPath, task.contentsOffset, task.contentsLength, task.cms);
    return { ok: true, outputSize: (await fs.stat(task.tempPath)).size };
  } catch (error) {
    return codedFailure(error, task.tempPath);
  }
}

/**
 * The check of a signed PDF read back from disk: its last signature is the CMS we made, its ByteRange is sound and
 * covers the whole file, the ranges hash to the digest signed, and the CMS's signature value verifies with the key.
 */
export async function checkPadesOutput(task: PadesCheckTask): Promise<WorkerResult> {
  try {
    const signatures = await readPdfSignatures(task.path);
    const ours = signatures.find((signature) => signature.cms.length === task.cms.length && signature.cms.equals(task.cms));
    if (!ours) return failure('ERR_SIGNATURE_INVALID', `${task.path} does not hold the signature written`);
    if (!ours.byteRangeValid) return failure('ERR_SIGNATURE_INVALID', `${task.path}: ${ours.problems.join('; ')}`);
    if (!ours.coversWholeDocument || !ours.byteRange) return failure('ERR_SIGNATURE_INVALID', `${task.path}: the signature does not cover the whole file`);
    const digest = await hashByteRanges(task.path, ours.byteRange, task.hash);
    if (!Buffer.from(digest).equals(Buffer.from(task.digest))) return failure('ERR_SIGNATURE_INVALID', `${task.path}: the signed byte ranges changed`);
    return checkCadesSignature(Buffer.from(task.cms), task.digest, task.spki, task.path);
  } catch (error) {
    return codedFailure(error, task.path);
  }
}
