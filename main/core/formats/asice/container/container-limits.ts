const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Caps that keep a hostile container from exhausting memory, disk or time. Every one is enforced while reading. */
export interface AsicLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntrySize: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalSize: number;
  /** Uncompressed ÷ compressed bytes, for an entry once it is past `ratioGraceBytes`. */
  maxCompressionRatio: number;
  /** Bytes an entry may expand to before the ratio applies (tiny files compress absurdly well and are harmless). */
  ratioGraceBytes: number;
  /** Bytes of a META-INF entry Signdesk reads into memory (manifests, signatures, mimetype). */
  maxMetadataSize: number;
  /** Bytes of all manifests and signatures together (they are held in memory while the container is open). */
  maxMetadataTotalSize: number;
}

/**
 * Defaults: a packet of thousands of documents, documents of many GB (scans, archives), and CAdES-LT signatures of
 * several MB fit; a 1 GB-of-zeros bomb (ratio ~1000:1) does not. Text formats deflate at 3–20:1 and rarely past
 * 100:1, so 200:1 leaves room for honest XML and CSV.
 */
export const DEFAULT_ASIC_LIMITS: Readonly<AsicLimits> = Object.freeze({
  maxEntries: 10_000,
  maxEntrySize: 16 * GiB,
  maxTotalSize: 32 * GiB,
  maxCompressionRatio: 200,
  ratioGraceBytes: 16 * MiB,
  maxMetadataSize: 16 * MiB,
  maxMetadataTotalSize: 64 * MiB,
});

export function resolveLimits(limits: Partial<AsicLimits> | undefined): AsicLimits {
  return { ...DEFAULT_ASIC_LIMITS, ...limits };
}
