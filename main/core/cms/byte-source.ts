import fs from 'node:fs';
import { SigndeskError } from '../../../preload/contract/errors';

/** Random access to a signature's bytes: in memory, or a file read at positions (the content is never loaded). */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes at `offset`, which must lie inside the source. */
  read(offset: number, length: number): Uint8Array;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) truncated();
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** A source over an open file descriptor; small header reads go through a 64 KiB window. */
export function fileSource(fd: number, size: number): ByteSource {
  const window = Buffer.allocUnsafe(64 * 1024);
  let windowStart = -1;
  let windowLength = 0;
  return {
    size,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > size) truncated();
      if (length > window.length) return readExactly(fd, offset, length);
      if (windowStart < 0 || offset < windowStart || offset + length > windowStart + windowLength) {
        windowLength = Math.min(window.length, size - offset);
        const got = fs.readSync(fd, window, 0, windowLength, offset);
        if (got !== windowLength) truncated();
        windowStart = offset;
      }
      return new Uint8Array(window.subarray(offset - windowStart, offset - windowStart + length));
    },
  };
}

function readExactly(fd: number, offset: number, length: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const got = fs.readSync(fd, buffer, done, length - done, offset + done);
    if (got === 0) truncated();
    done += got;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

function truncated(): never {
  throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'Malformed signature: truncated');
}
