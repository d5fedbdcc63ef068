/** One entry of a container as its central directory describes it (after every check passed). */
export interface AsicEntry {
  name: string;
  isDirectory: boolean;
  /** Uncompressed bytes, as declared; reading enforces it. */
  size: number;
  compressedSize: number;
  compression: 'stored' | 'deflated';
  crc32: number;
  modified: Date;
}
