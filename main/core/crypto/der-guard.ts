import { SigndeskError, type ErrorCode } from '../../../preload/contract/errors';

export interface DerGuardOptions {
  /** The code thrown when the bytes are not sane. */
  code: ErrorCode;
  /** What the bytes are, for the message ("certificate", "signature"). */
  what: string;
  /** Deepest nesting accepted; real certificates and CMS stay well under 20. */
  maxDepth?: number;
  /** Whether BER indefinite lengths are acceptable (CMS outer layers may be BER; certificates must be DER). */
  allowIndefinite?: boolean;
  /** Whether data may follow the first element (PEM bundles never do; we only guard single elements). */
  allowTrailing?: boolean;
}

const DEFAULT_MAX_DEPTH = 48;
/**
 * Longest OBJECT IDENTIFIER content accepted. Real ones stay under 40 bytes (the longest registered arcs, e.g.
 * Microsoft's and the Ukrainian 1.2.804.2.1.1.1.11.1.4.2.1, take 10–25); asn1js decodes a megabyte-long one in
 * seconds and gigabytes, so anything past this is refused before it gets there.
 */
const MAX_OID_BYTES = 128;

/**
 * Walks the TLV structure of `bytes` without building objects, so that asn1js never sees absurd lengths,
 * truncated elements or pathological nesting. Iterative (no recursion), linear in the input size.
 * Returns the length of the first element.
 */
export function assertSaneDer(bytes: Uint8Array, options: DerGuardOptions): number {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const fail = (reason: string, offset: number): never => {
    throw new SigndeskError(options.code, `The ${options.what} is not valid DER: ${reason} at byte ${offset}`);
  };
  if (bytes.length < 2) fail('too short', 0);
  // Stack of open constructed elements: end offset (or -1 for indefinite length).
  const ends: number[] = [];
  let offset = 0;
  let started = false;
  for (;;) {
    // Close every element that ends here.
    while (ends.length > 0 && ends[ends.length - 1] === offset) ends.pop();
    if (ends.length === 0 && started) break;
    if (offset >= bytes.length) fail('unexpected end of data', offset);
    const start = offset;
    const tag = bytes[offset++];
    if ((tag & 0x1f) === 0x1f) {
      let tagBytes = 0;
      for (;;) {
        if (offset >= bytes.length) fail('truncated tag', start);
        const b = bytes[offset++];
        if (++tagBytes > 4) fail('tag number too large', start);
        if ((b & 0x80) === 0) break;
      }
    }
    if (offset >= bytes.length) fail('truncated length', start);
    const first = bytes[offset++];
    const constructed = (tag & 0x20) !== 0;
    let length: number;
    if (first === 0x80) {
      if (!options.allowIndefinite) fail('indefinite length (BER) where DER is required', start);
      if (!constructed) fail('indefinite length on a primitive element', start);
      length = -1;
    } else if (first < 0x80) {
      length = first;
    } else {
      const count = first & 0x7f;
      if (count > 4) fail('absurd length', start);
      if (offset + count > bytes.length) fail('truncated length', start);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[offset++];
      if (!options.allowIndefinite && (length < 0x80 || bytes[offset - count] === 0)) fail('non-minimal length (BER)', start);
    }
    if (tag === 0x00 && first === 0x00) {
      // End-of-contents octets close the innermost indefinite-length element.
      if (ends.length === 0 || ends[ends.length - 1] !== -1) fail('unexpected end-of-contents', start);
      ends.pop();
      if (ends.length === 0) break;
      continue;
    }
    const parentEnd = nearestDefiniteEnd(ends, bytes.length);
    if (offset > parentEnd || (length !== -1 && offset + length > parentEnd)) fail('length beyond the enclosing element', start);
    started = true;
    if (constructed) {
      if (ends.length + 1 > maxDepth) fail('nesting too deep', start);
      ends.push(length === -1 ? -1 : offset + length);
      // An empty constructed element closes at once (handled at the top of the loop).
    } else {
      if (tag === 0x06 && (length === 0 || length > MAX_OID_BYTES)) fail(length === 0 ? 'empty OBJECT IDENTIFIER' : 'OBJECT IDENTIFIER too long', start);
      offset += length;
    }
    if (ends.length === 0) break;
  }
  if (!options.allowTrailing && offset !== bytes.length) fail('data after the end of the element', offset);
  return offset;
}

function nearestDefiniteEnd(ends: number[], total: number): number {
  for (let i = ends.length - 1; i >= 0; i--) if (ends[i] !== -1) return ends[i];
  return total;
}
