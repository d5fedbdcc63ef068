import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import { OID_SIGNED_DATA } from './algorithms';
import { concat, contextConstructed, oid, sequence } from './der';

/** Where the content octets of an attached signature lie in its file (one range per BER chunk). */
export interface ContentRange {
  start: number;
  length: number;
}

export interface LocatedAttachedContent {
  /** The same SignedData without its eContent (signer infos, certificates untouched): small, parsed in memory. */
  detachedForm: Uint8Array;
  ranges: ContentRange[];
}

interface Header {
  tag: number;
  /** Offset of the content. */
  contentStart: number;
  /** -1 for an indefinite length. */
  length: number;
}

function malformed(message: string): never {
  throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `Malformed signature: ${message}`);
}

/**
 * Walks an attached signature file's outer layers with positioned reads, without loading the content:
 * ContentInfo → SignedData → EncapsulatedContentInfo → eContent (a primitive OCTET STRING or BER chunks).
 * Returns undefined for a detached signature. The rest of the SignedData (certificates, signer infos) is
 * read into memory and re-wrapped as a detached SignedData, so the usual parser checks it.
 */
export async function locateAttachedContent(path: string): Promise<LocatedAttachedContent | undefined> {
  const handle = await fs.open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const read = async (offset: number, length: number): Promise<Uint8Array> => {
      if (offset < 0 || length < 0 || offset + length > size) malformed('truncated');
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead !== length) malformed('truncated');
      return new Uint8Array(buffer);
    };
    const header = async (offset: number, expectedTag?: number): Promise<Header> => {
      const bytes = await read(offset, Math.min(6, size - offset));
      const tag = bytes[0];
      if ((tag & 0x1f) === 0x1f) malformed('unexpected high tag number');
      if (expectedTag !== undefined && tag !== expectedTag) malformed(`unexpected tag 0x${tag.toString(16)} at byte ${offset}`);
      const first = bytes[1];
      if (first === undefined) malformed('truncated');
      if (first === 0x80) return { tag, contentStart: offset + 2, length: -1 };
      if (first < 0x80) return { tag, contentStart: offset + 2, length: first };
      const count = first & 0x7f;
      if (count > 4 || bytes.length < 2 + count) malformed('absurd length');
      let length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[2 + i];
      if (offset + 2 + count + length > size) malformed('length beyond the end of the file');
      return { tag, contentStart: offset + 2 + count, length };
    };
    const whole = async (offset: number, expectedTag: number): Promise<{ bytes: Uint8Array; end: number }> => {
      const item = await header(offset, expectedTag);
      if (item.length < 0) malformed('indefinite length where a definite one is expected');
      if (item.length > 1024 * 1024) malformed('oversized element');
      const end = item.contentStart + item.length;
      return { bytes: await read(offset, end - offset), end };
    };
    const endOfContents = async (offset: number): Promise<number> => {
      const bytes = await read(offset, 2);
      if (bytes[0] !== 0 || bytes[1] !== 0) malformed('missing end-of-contents');
      return offset + 2;
    };

    const contentInfo = await header(0, 0x30);
    const type = await whole(contentInfo.contentStart, 0x06);
    if (!Buffer.from(type.bytes).equals(Buffer.from(oid(OID_SIGNED_DATA)))) malformed('not signed-data');
    const explicit = await header(type.end, 0xa0);
    const signedData = await header(explicit.contentStart, 0x30);
    const version = await whole(signedData.contentStart, 0x02);
    const digestAlgorithms = await whole(version.end, 0x31);
    const encap = await header(digestAlgorithms.end, 0x30);
    const eContentType = await whole(encap.contentStart, 0x06);
    const encapEnd = encap.length >= 0 ? encap.contentStart + encap.length : -1;
    if (eContentType.end === encapEnd) return undefined;
    const next = await read(eContentType.end, 2);
    if (encap.length < 0 && next[0] === 0 && next[1] === 0) return undefined;
    const eContent = await header(eContentType.end, 0xa0);
    const octets = await header(eContent.contentStart);
    const ranges: ContentRange[] = [];
    let position: number;
    if (octets.tag === 0x04) {
      if (octets.length < 0) malformed('indefinite primitive OCTET STRING');
      ranges.push({ start: octets.contentStart, length: octets.length });
      position = octets.contentStart + octets.length;
    } else if (octets.tag === 0x24) {
      position = octets.contentStart;
      const limit = octets.length >= 0 ? octets.contentStart + octets.length : size;
      for (;;) {
        if (octets.length >= 0 && position === limit) break;
        const peek = await read(position, 2);
        if (octets.length < 0 && peek[0] === 0 && peek[1] === 0) {
          position += 2;
          break;
        }
        const chunk = await header(position, 0x04);
        if (chunk.length < 0) malformed('indefinite content chunk');
        ranges.push({ start: chunk.contentStart, length: chunk.length });
        position = chunk.contentStart + chunk.length;
        if (position > limit) malformed('content chunk beyond its OCTET STRING');
      }
    } else {
      return malformed('eContent is not an OCTET STRING');
    }
    if (eContent.length < 0) position = await endOfContents(position);
    else if (position !== eContent.contentStart + eContent.length) malformed('eContent length mismatch');
    if (encap.length < 0) position = await endOfContents(position);
    else if (position !== encapEnd) malformed('encapContentInfo length mismatch');

    // The SignedData fields after the content, up to the SignedData's end (definite) or its end-of-contents.
    let restEnd: number;
    if (signedData.length >= 0) restEnd = signedData.contentStart + signedData.length;
    else {
      restEnd = size;
      const trailingEoc = (signedData.length < 0 ? 1 : 0) + (explicit.length < 0 ? 1 : 0) + (contentInfo.length < 0 ? 1 : 0);
      restEnd -= 2 * trailingEoc;
      const tail = await read(restEnd, size - restEnd);
      if (tail.some((byte) => byte !== 0)) malformed('missing end-of-contents');
    }
    if (restEnd < position || restEnd - position > 64 * 1024 * 1024) malformed('bad SignedData length');
    const rest = await read(position, restEnd - position);
    const detachedForm = sequence(oid(OID_SIGNED_DATA), contextConstructed(0, sequence(concat([version.bytes, digestAlgorithms.bytes, sequence(eContentType.bytes), rest]))));
    return { detachedForm, ranges };
  } finally {
    await handle.close();
  }
}

/** Streams the given ranges of a file in chunks of at most 1 MiB. */
export async function readRanges(path: string, ranges: readonly ContentRange[], onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (const range of ranges) {
      let done = 0;
      while (done < range.length) {
        const want = Math.min(buffer.length, range.length - done);
        const { bytesRead } = await handle.read(buffer, 0, want, range.start + done);
        if (bytesRead === 0) malformed('truncated');
        onChunk(buffer.subarray(0, bytesRead));
        done += bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
}
