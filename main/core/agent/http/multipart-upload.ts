import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import Busboy, { type BusboyHeaders } from '@fastify/busboy';
import { SigndeskError } from '../../../../preload/contract/errors';
import { documentName } from './document-name';

export interface UploadLimits {
  /** One document. */
  maxDocumentBytes: number;
  /** All documents of one request. */
  maxTotalBytes: number;
  maxDocuments: number;
}

export interface UploadedFile {
  /** The form field it came in. */
  field: string;
  /** The caller's file name, made safe (see documentName). */
  name: string;
  /** Where it is on disk: `<folder>/<name>`, or `<folder>/<index>/<name>` for a name that came before (names are kept). */
  path: string;
  size: number;
}

export interface Upload {
  files: UploadedFile[];
  fields: Record<string, string>;
}

const FIELD_LIMITS = { fields: 32, fieldSize: 64 * 1024, fieldNameSize: 100, headerPairs: 20 };
/** Multipart framing (boundaries, part headers) on top of the documents' bytes. */
const FRAMING_BYTES_PER_PART = 1024;

/**
 * Streams a multipart/form-data body to `folder` (created): documents go straight to disk, never whole into
 * memory. Limits are enforced as bytes arrive; on any failure every file written so far is closed before the
 * promise rejects, so the caller can remove the folder.
 */
export function receiveMultipart(
  request: http.IncomingMessage,
  folder: string,
  limits: UploadLimits,
  fileFields: readonly string[],
  /** The names a document's outputs will have beside it (kept free of other documents). */
  outputNames: (name: string) => readonly string[] = (name) => [`${name}.p7s`],
): Promise<Upload> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) return Promise.reject(new SigndeskError('ERR_INPUT_INVALID', 'Send documents as multipart/form-data'));
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > limits.maxTotalBytes + (limits.maxDocuments + FIELD_LIMITS.fields) * FRAMING_BYTES_PER_PART) {
    return Promise.reject(tooLarge(`The request is larger than ${limits.maxTotalBytes} bytes`, limits));
  }
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  return new Promise<Upload>((resolve, reject) => {
    const files: UploadedFile[] = [];
    const fields: Record<string, string> = {};
    const writes: Array<Promise<void>> = [];
    const open = new Set<fs.WriteStream>();
    const names = new Set<string>();
    let total = 0;
    let failed = false;
    const busboy = new Busboy({
      headers: request.headers as BusboyHeaders,
      limits: { ...FIELD_LIMITS, fileSize: limits.maxDocumentBytes, files: limits.maxDocuments, parts: limits.maxDocuments + FIELD_LIMITS.fields },
    });
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      request.unpipe(busboy);
      // The rest of the body is read and dropped, so the error answer is not lost in a reset connection.
      request.resume();
      for (const stream of open) stream.destroy();
      void Promise.allSettled(writes).then(() => reject(error));
    };
    busboy.on('file', (field, stream, filename) => {
      if (failed) {
        stream.resume();
        return;
      }
      if (!fileFields.includes(field)) {
        stream.resume();
        fail(new SigndeskError('ERR_INPUT_INVALID', `Unexpected file field "${field}": use ${fileFields.join(' or ')}`));
        return;
      }
      const file: UploadedFile = { field, name: documentName(filename), path: '', size: 0 };
      // A name (or its output's name) taken before in this request goes into a folder of its own: every
      // document keeps its name, and no output lands on another document.
      const key = file.name.toLowerCase();
      const outputs = outputNames(file.name).map((name) => name.toLowerCase());
      let dir = folder;
      if (names.has(key) || outputs.some((name) => names.has(name))) {
        dir = path.join(folder, String(files.length).padStart(5, '0'));
        fs.mkdirSync(dir, { mode: 0o700 });
      } else {
        names.add(key);
        for (const name of outputs) names.add(name);
      }
      file.path = path.join(dir, file.name);
      files.push(file);
      const out = fs.createWriteStream(file.path, { flags: 'wx', mode: 0o600 });
      open.add(out);
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length;
        total += chunk.length;
        if (total > limits.maxTotalBytes) fail(tooLarge(`The documents are larger than ${limits.maxTotalBytes} bytes together`, limits));
      });
      stream.on('limit', () => fail(tooLarge(`${file.name} is larger than ${limits.maxDocumentBytes} bytes`, limits)));
      writes.push(
        pipeline(stream, out)
          .catch((error: unknown) => fail(failed ? error : new SigndeskError('ERR_FILE_UNREADABLE', `Cannot store ${file.name}: ${(error as Error).message}`)))
          .finally(() => open.delete(out)),
      );
    });
    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) fail(new SigndeskError('ERR_INPUT_INVALID', `The field ${name} is too long`));
      else fields[name] = value;
    });
    busboy.on('filesLimit', () => fail(tooLarge(`More than ${limits.maxDocuments} documents in one request`, limits)));
    busboy.on('partsLimit', () => fail(tooLarge('Too many parts in one request', limits)));
    busboy.on('fieldsLimit', () => fail(new SigndeskError('ERR_INPUT_INVALID', 'Too many form fields')));
    busboy.on('error', (error: unknown) => fail(new SigndeskError('ERR_INPUT_INVALID', `The multipart body is malformed: ${(error as Error).message}`)));
    busboy.on('finish', () => {
      void Promise.all(writes).then(() => {
        if (!failed) resolve({ files, fields });
      });
    });
    request.on('aborted', () => fail(new SigndeskError('ERR_CANCELLED', 'The caller stopped sending')));
    request.on('error', (error) => fail(new SigndeskError('ERR_CANCELLED', `The upload broke off: ${error.message}`)));
    request.pipe(busboy);
  });
}

function tooLarge(message: string, limits: UploadLimits): SigndeskError {
  return new SigndeskError('ERR_PAYLOAD_TOO_LARGE', message, { ...limits });
}
