import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import { SigndeskError, isDiskFullError } from '../../../../../preload/contract/errors';
import type { AsicContainer } from './asic-container';
import type { AsicManifest } from './asic-manifest';
import { ASIC_E_MEDIA_TYPE, isAsicManifestName, isCadesSignatureName, MIMETYPE_ENTRY } from './asic-names';
import { sourceOf } from './container-sources';
import { withDigestCheck, type DigestExpectation } from './digest-check-stream';
import { nodeHashName } from './digest-algorithms';
import { checkEntryName, checkFolderClashes, nameCollisionKey } from './entry-name';
import { parseAsicManifest } from './parse-asic-manifest';
import { openDocument, planDocuments, type AsicCompression, type DocumentSource } from './plan-documents';

export type { AsicCompression } from './plan-documents';

export interface AsicContainerSpec {
  /** New documents, streamed from disk. */
  documents?: readonly DocumentSource[];
  manifests: readonly { name: string; xml: Uint8Array | string }[];
  signatures: readonly { name: string; der: Uint8Array }[];
  /** An open container whose entries (all but `mimetype`, which is written anew) are copied first, content unchanged. */
  carry?: AsicContainer;
  /**
   * How new documents are stored. `auto` (default) deflates a document only when its first MiB deflates by 10% or
   * more: PDFs, office files, images and archives are already compressed, and deflating gigabytes of them costs
   * time for nothing; XML, CSV and text shrink several times.
   */
  compression?: AsicCompression;
}

export interface WrittenAsicContainer {
  path: string;
  size: number;
  /** Entry names in the order written. */
  entries: string[];
}

const FILE_MODE = 0o100644;

function invalid(message: string, details: Record<string, unknown> = {}): SigndeskError {
  return new SigndeskError('ERR_INPUT_INVALID', message, details);
}

/**
 * Writes an ASiC-E container to `tempOutputPath` (which must not exist): `mimetype` first (stored, no extra field,
 * DOS timestamp), the carried entries in their order, the new documents streamed from disk, then the new manifests
 * and signatures; names in UTF-8 with the language-encoding flag. Every digest the new manifests list is recomputed
 * from the bytes as they go into the ZIP, so a document that changed after it was hashed fails the write instead
 * of producing a container whose signature does not cover it. The file is fsynced; the caller renames it into
 * place. On any failure the temp file is removed.
 */
export async function writeAsicContainer(tempOutputPath: string, spec: AsicContainerSpec): Promise<WrittenAsicContainer> {
  const carried = spec.carry ? sourceOf(spec.carry) : undefined;
  const carriedEntries = (spec.carry?.entries ?? []).filter((entry) => entry.name !== MIMETYPE_ENTRY);
  const documents = await planDocuments(spec.documents ?? [], spec.compression ?? 'auto');
  const manifests = spec.manifests.map((manifest) => ({ name: manifest.name, xml: typeof manifest.xml === 'string' ? Buffer.from(manifest.xml, 'utf8') : Buffer.from(manifest.xml) }));
  const signatures = spec.signatures.map((signature) => ({ name: signature.name, der: Buffer.from(signature.der) }));

  const names = [MIMETYPE_ENTRY, ...carriedEntries.map((entry) => entry.name), ...documents.map((document) => document.name)];
  for (const manifest of manifests) {
    if (!isAsicManifestName(manifest.name)) throw invalid(`manifest name ${JSON.stringify(manifest.name)} is not META-INF/*ASiCManifest*.xml`, { name: manifest.name });
    names.push(manifest.name);
  }
  for (const signature of signatures) {
    if (!isCadesSignatureName(signature.name)) throw invalid(`signature name ${JSON.stringify(signature.name)} is not META-INF/*signature*.p7s`, { name: signature.name });
    names.push(signature.name);
  }
  checkOutputNames(names);

  const files = new Set(names.filter((name) => !name.endsWith('/')));
  const signatureNames = new Set([...signatures.map((signature) => signature.name), ...(spec.carry?.signatures ?? []).map((signature) => signature.name)]);
  const signedByManifest = new Set((spec.carry?.manifests ?? []).map((entry) => entry.manifest.signatureName));
  const expectations = new Map<string, DigestExpectation[]>();
  for (const manifest of manifests) {
    const parsed = parseNewManifest(manifest.name, manifest.xml);
    if (!signatureNames.has(parsed.signatureName)) throw invalid(`${manifest.name} names ${parsed.signatureName}, which the container will not hold`, { name: manifest.name });
    signedByManifest.add(parsed.signatureName);
    for (const reference of parsed.documents) {
      if (!files.has(reference.name) || reference.name === manifest.name) {
        throw invalid(`${manifest.name} lists ${reference.name}, which the container will not hold`, { name: manifest.name, entry: reference.name });
      }
      if (reference.digestAlgorithm === undefined) throw invalid(`${manifest.name} uses an unknown digest algorithm for ${reference.name}`, { name: manifest.name });
      const list = expectations.get(reference.name) ?? [];
      list.push({ hash: nodeHashName(reference.digestAlgorithm), digest: reference.digest, manifestName: manifest.name });
      expectations.set(reference.name, list);
    }
  }
  for (const signature of signatures) {
    if (!signedByManifest.has(signature.name)) throw invalid(`no manifest names the signature ${signature.name}`, { name: signature.name });
  }
  if (carriedEntries.filter((entry) => !entry.isDirectory && !entry.name.startsWith('META-INF/')).length + documents.length === 0) {
    throw invalid('a container holds at least one document');
  }

  const handle = await fs.open(tempOutputPath, 'wx', 0o644).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `${tempOutputPath} already exists`, { path: tempOutputPath });
    if (isDiskFullError(error)) throw new SigndeskError('ERR_STORAGE_FULL', `No space left to write ${tempOutputPath}`, { path: tempOutputPath });
    throw new SigndeskError('ERR_STORAGE', `cannot create ${tempOutputPath}: ${(error as Error).message}`, { path: tempOutputPath });
  });
  const streams = new Set<Readable>();
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // A failure after the write has given up must not surface as an unhandled rejection.
  failed.catch(() => undefined);
  let stopped = false;
  const watch = (stream: Readable) => {
    if (stopped) stream.destroy();
    streams.add(stream);
    stream.once('error', (error) => fail(error));
    stream.once('close', () => streams.delete(stream));
    return stream;
  };
  const zip = new yazl.ZipFile();
  try {
    zip.on('error', (error: unknown) => fail(error));
    const now = new Date();
    zip.addBuffer(Buffer.from(ASIC_E_MEDIA_TYPE, 'ascii'), MIMETYPE_ENTRY, { compress: false, forceDosTimestamp: true, mtime: now });
    for (const entry of carriedEntries) {
      if (entry.isDirectory) {
        zip.addEmptyDirectory(entry.name, { mtime: entry.modified });
        continue;
      }
      zip.addReadStreamLazy(entry.name, { size: entry.size, compress: entry.compression === 'deflated', mtime: entry.modified, mode: FILE_MODE }, (callback) => {
        carried!.openEntryStream(entry.name).then(
          (stream) => callback(null, watch(withDigestCheck(watch(stream), entry.name, entry.size, expectations.get(entry.name)))),
          (error: unknown) => callback(error, undefined as unknown as NodeJS.ReadableStream),
        );
      });
    }
    for (const document of documents) {
      zip.addReadStreamLazy(document.name, { size: document.stat.size, compress: document.deflate, mtime: document.stat.mtime, mode: FILE_MODE }, (callback) => {
        openDocument(document).then(
          (stream) => callback(null, watch(withDigestCheck(watch(stream), document.name, document.stat.size, expectations.get(document.name)))),
          (error: unknown) => callback(error, undefined as unknown as NodeJS.ReadableStream),
        );
      });
    }
    for (const manifest of manifests) zip.addBuffer(manifest.xml, manifest.name, { compress: true, mtime: now, mode: FILE_MODE });
    for (const signature of signatures) zip.addBuffer(signature.der, signature.name, { compress: false, mtime: now, mode: FILE_MODE });
    zip.end();
    const copy = async () => {
      for await (const chunk of zip.outputStream as Readable) await handle.write(chunk as Buffer);
    };
    await Promise.race([copy(), failed]);
    await handle.sync();
    const { size } = await handle.stat();
    await handle.close();
    return { path: tempOutputPath, size, entries: names };
  } catch (error) {
    stopped = true;
    for (const stream of streams) stream.destroy();
    (zip.outputStream as Readable).destroy();
    await handle.close().catch(() => undefined);
    await fs.rm(tempOutputPath, { force: true });
    throw asWriteError(error, tempOutputPath);
  }
}

function asWriteError(error: unknown, file: string): SigndeskError {
  if (error instanceof SigndeskError) return error;
  if (isDiskFullError(error)) return new SigndeskError('ERR_STORAGE_FULL', `No space left to write ${file}`, { path: file });
  return new SigndeskError('ERR_STORAGE', `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, { path: file });
}

function checkOutputNames(names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    try {
      checkEntryName(name);
    } catch (error) {
      throw invalid((error as Error).message, { name });
    }
    const key = nameCollisionKey(name);
    const other = seen.get(key);
    if (other !== undefined) throw invalid(other === name ? `${name} would be written twice` : `${other} and ${name} would be the same file on Windows and macOS`, { name });
    seen.set(key, name);
  }
  try {
    checkFolderClashes(names);
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

function parseNewManifest(name: string, xml: Buffer): AsicManifest {
  try {
    return parseAsicManifest(xml, { entryName: name });
  } catch (error) {
    throw invalid(`the new manifest ${name} is not valid: ${(error as Error).message}`, { name });
  }
}

