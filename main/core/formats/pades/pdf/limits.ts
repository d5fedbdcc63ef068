/** Safety bounds for reading untrusted PDFs: memory and work stay bounded whatever the file says. */
export interface PdfLimits {
  /** Nesting of arrays and dictionaries in one object. */
  maxDepth: number;
  /** Bytes one indirect object (without its stream data) may span. */
  maxObjectBytes: number;
  /** Encoded bytes of a stream we decode (xref streams, object streams). */
  maxEncodedStreamBytes: number;
  /** Decoded bytes of such a stream: a flate bomb stops here. */
  maxDecodedStreamBytes: number;
  /** Highest object number + 1 (ISO 32000-1 Annex C: 8,388,607 indirect objects). */
  maxObjects: number;
  /** Cross-reference sections in the /Prev chain (incremental updates). */
  maxXrefSections: number;
  /** Objects one object stream may hold. */
  maxObjectsPerStream: number;
  /** Depth of the page tree. */
  maxPageTreeDepth: number;
  /** Elements of one array or entries of one dictionary. */
  maxCollectionItems: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxDepth: 100,
  maxObjectBytes: 16 * 1024 * 1024,
  maxEncodedStreamBytes: 64 * 1024 * 1024,
  maxDecodedStreamBytes: 64 * 1024 * 1024,
  maxObjects: 8_388_607,
  maxXrefSections: 4096,
  maxObjectsPerStream: 100_000,
  maxPageTreeDepth: 64,
  maxCollectionItems: 1_000_000,
};
