import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { malformed, unsafe } from './container-errors';

/**
 * Passes an entry's uncompressed bytes through while enforcing what the central directory promised: never more
 * bytes than declared (a bomb that lies about its size is stopped at the first excess chunk), no fewer (a
 * truncated entry), and the CRC-32.
 */
export class EntryGuard extends Transform {
  private seen = 0;
  private crc = 0;

  constructor(
    private readonly entryName: string,
    private readonly declaredSize: number,
    private readonly declaredCrc: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.declaredSize) {
      callback(unsafe(`entry ${this.entryName} expands past the ${this.declaredSize} bytes its header declares`, { entry: this.entryName, reason: 'size-exceeded' }));
      return;
    }
    this.crc = zlib.crc32(chunk, this.crc);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.seen !== this.declaredSize) {
      callback(malformed(`entry ${this.entryName} is truncated: ${this.seen} of ${this.declaredSize} bytes`, { entry: this.entryName, reason: 'truncated' }));
      return;
    }
    if (this.crc !== this.declaredCrc) {
      callback(malformed(`entry ${this.entryName} is damaged (CRC-32 mismatch)`, { entry: this.entryName, reason: 'crc' }));
      return;
    }
    callback();
  }
}
