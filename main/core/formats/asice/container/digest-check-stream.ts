import { createHash } from 'node:crypto';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { SigndeskError } from '../../../../../preload/contract/errors';

export interface DigestExpectation {
  /** node:crypto hash name. */
  hash: string;
  digest: Uint8Array;
  manifestName: string;
}

function invalid(message: string, details: Record<string, unknown>): SigndeskError {
  return new SigndeskError('ERR_INPUT_INVALID', message, details);
}

/** Counts the bytes going into the ZIP and checks each digest a new manifest lists for them. */
export function withDigestCheck(stream: Readable, name: string, size: number, expectations: readonly DigestExpectation[] | undefined): Readable {
  const hashes = new Map((expectations ?? []).map((expectation) => [expectation.hash, createHash(expectation.hash)]));
  let seen = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      seen += chunk.length;
      for (const hash of hashes.values()) hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (seen !== size) {
        callback(invalid(`${name} changed while the container was being written (${seen} bytes, ${size} expected)`, { entry: name }));
        return;
      }
      const digests = new Map([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest()]));
      for (const expectation of expectations ?? []) {
        if (!digests.get(expectation.hash)!.equals(Buffer.from(expectation.digest))) {
          callback(invalid(`${name} does not match its digest in ${expectation.manifestName}: it changed after it was hashed`, { entry: name, manifest: expectation.manifestName }));
          return;
        }
      }
      callback();
    },
  });
  pipeline(stream, check, () => undefined);
  return check;
}
