import { digest as hashBytes, type HashName } from '../../crypto';
import type { WorkerResult } from '../../workers/file-worker-protocol';
import { failure, hashFileTask } from '../../workers/file-ops';
import { checkCadesSignature } from '../cades/output-check';
import { codedFailure } from '../coded-failure';
import type { PreparedItem } from '../signature-format';
import { buildAsicManifest, checkManifestDigests, openAsicContainer, writeAsicContainer } from './container';
import { mediaTypeOf } from './media-types';

/** The first pair of a new container (EN 319 162-1 names, as other producers number them). */
export const FIRST_MANIFEST = 'META-INF/ASiCManifest001.xml';
export const FIRST_SIGNATURE = 'META-INF/signature001.p7s';

export interface AsicDocument {
  /** Entry name in the container. */
  name: string;
  path: string;
}

/** What a prepared container is written with: its documents and the manifest the CMS signs. */
export interface AsicState extends Record<string, unknown> {
  documents: AsicDocument[];
  manifest: Uint8Array;
}

export interface AsicPrepareTask {
  documents: AsicDocument[];
  /** The signature's hash: the manifest's digest (what the CMS signs). */
  hash: HashName;
  /** What the manifest lists the documents with (manifestDocumentHash). */
  documentHash: HashName;
}

export interface AsicWriteTask {
  tempPath: string;
  documents: AsicDocument[];
  manifest: Uint8Array;
  cms: Uint8Array;
}

export interface AsicCheckTask {
  path: string;
  cms: Uint8Array;
  digest: Uint8Array;
  hash: HashName;
  spki: Uint8Array;
}

/**
 * ASiC-E's hash plan for one container, on a file worker: each document hashed by streaming, the manifest listing
 * them built, and the manifest's digest (what the CMS signs). The documents are read again when the container is
 * written, and the writer refuses one whose digest changed.
 */
export async function prepareAsicItem(task: AsicPrepareTask): Promise<WorkerResult<PreparedItem>> {
  try {
    const listed = [];
    let size = 0;
    let mtimeMs = 0;
    for (const document of task.documents) {
      const hashed = await hashFileTask({ path: document.path, hash: task.documentHash });
      if (!hashed.ok) return hashed;
      size += hashed.size;
      mtimeMs = Math.max(mtimeMs, hashed.mtimeMs);
      listed.push({ name: document.name, mimeType: mediaTypeOf(document.name), digestAlgorithm: task.documentHash, digest: hashed.digest });
    }
    const manifest = buildAsicManifest({ signatureName: FIRST_SIGNATURE, documents: listed });
    const state: AsicState = { documents: task.documents, manifest };
    return { ok: true, digest: hashBytes(task.hash, manifest), size, mtimeMs, content: null, state };
  } catch (error) {
    return codedFailure(error, task.documents[0]?.path ?? '');
  }
}

/** Writes the container (mimetype first and stored, the documents streamed, the manifest, the signature), fsynced. */
export async function writeAsicItem(task: AsicWriteTask): Promise<WorkerResult<{ outputSize: number }>> {
  try {
    const written = await writeAsicContainer(task.tempPath, {
      documents: task.documents,
      manifests: [{ name: FIRST_MANIFEST, xml: task.manifest }],
      signatures: [{ name: FIRST_SIGNATURE, der: task.cms }],
    });
    return { ok: true, outputSize: written.size };
  } catch (error) {
    return codedFailure(error, task.tempPath);
  }
}

/**
 * The check of a written container read back from disk: it opens strictly, holds the CMS we made, the manifest that
 * CMS names hashes to the digest signed, every document it lists is there with its digest, and the signature value
 * verifies with the key.
 */
export async function checkAsicOutput(task: AsicCheckTask): Promise<WorkerResult> {
  try {
    const container = await openAsicContainer(task.path);
    try {
      const cms = Buffer.from(task.cms);
      const signature = container.signatures.find((entry) => Buffer.from(entry.der).equals(cms));
      if (!signature) return failure('ERR_SIGNATURE_INVALID', `${task.path} does not hold the signature written`);
      const manifest = container.manifests.find((entry) => entry.signature === signature);
      if (!manifest) return failure('ERR_SIGNATURE_INVALID', `${task.path}: no manifest names ${signature.name}`);
      if (!Buffer.from(hashBytes(task.hash, manifest.xml)).equals(Buffer.from(task.digest))) return failure('ERR_SIGNATURE_INVALID', `${task.path}: ${manifest.name} is not the manifest signed`);
      const digests = await checkManifestDigests(container, manifest.manifest);
      if (!digests.allMatch) return failure('ERR_SIGNATURE_INVALID', `${task.path}: a document does not match its manifest digest`);
      return checkCadesSignature(cms, task.digest, task.spki, task.path);
    } finally {
      container.close();
    }
  } catch (error) {
    return codedFailure(error, task.path);
  }
}
