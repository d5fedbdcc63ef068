import { SigndeskError } from '../../../preload/contract/errors';
import { oid } from '../crypto/der';
import type { ByteSource } from './byte-source';
import { OID_SIGNED_DATA } from './oids';

/** Where the content octets of an attached signature lie in the source (one range per BER chunk). */
export interface ContentRange {
  start: number;
  length: number;
}

/** One whole element: its first byte and the byte after its end. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The outer structure of a CMS SignedData, as positions in its source. The same walk serves a signature in memory
 * and a multi-gigabyte attached signature read from disk: everything but the content octets is then read and
 * decoded by the one parser, so both obey the same rules.
 */
export interface SignedDataLayout {
  version: Span;
  digestAlgorithms: Span;
  encapContentInfo: Span;
  eContentType: Span;
  /** Absent for a detached signature. */
  content?: { ranges: ContentRange[]; length: number };
  certificates?: Span;
  crls?: Span;
  signerInfos: Span;
  /** The end of the ContentInfo: bytes after it are trailing data. */
  end: number;
  /** Some outer element used BER (indefinite length or chunked content). */
  ber: boolean;
}

interface Head {
  tag: number;
  start: number;
  contentStart: number;
  /** -1: indefinite. */
  length: number;
}

const MAX_DEPTH = 64;

export function malformed(message: string): never {
  throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `Malformed signature: ${message}`);
}

/** Walks ContentInfo → SignedData with positioned reads; the content is located, never read. */
export function signedDataLayout(source: ByteSource): SignedDataLayout {
  const walker = new Walker(source);
  return walker.walk();
}

class Walker {
  ber = false;
  constructor(private readonly source: ByteSource) {}

  walk(): SignedDataLayout {
    const contentInfo = this.head(0, this.source.size, 0x30, 'ContentInfo');
    const ciLimit = this.limitOf(contentInfo, this.source.size);
    const contentType = this.whole(contentInfo.contentStart, ciLimit, 0x06, 'contentType');
    const typeBytes = this.source.read(contentType.start, contentType.end - contentType.start);
    if (!Buffer.from(typeBytes).equals(Buffer.from(oid(OID_SIGNED_DATA)))) malformed('the content type is not signed-data');
    const explicit = this.head(contentType.end, ciLimit, 0xa0, '[0] content');
    const exLimit = this.limitOf(explicit, ciLimit);
    const signedData = this.head(explicit.contentStart, exLimit, 0x30, 'SignedData');
    const sdLimit = this.limitOf(signedData, exLimit);
    const version = this.whole(signedData.contentStart, sdLimit, 0x02, 'version');
    const digestAlgorithms = this.whole(version.end, sdLimit, 0x31, 'digestAlgorithms');
    const encap = this.head(digestAlgorithms.end, sdLimit, 0x30, 'encapContentInfo');
    const encapLimit = this.limitOf(encap, sdLimit);
    const eContentType = this.whole(encap.contentStart, encapLimit, 0x06, 'eContentType');
    // At least one arc beyond the tag and length byte; the real ones (id-data, TSTInfo) are 9–11 bytes.
    if (eContentType.end - eContentType.start < 3 || eContentType.end - eContentType.start > 130) malformed('the eContentType object identifier is empty or absurdly long');
    let position = eContentType.end;
    let content: SignedDataLayout['content'];
    if (!this.atEnd(encap, position)) {
      const explicitContent = this.head(position, encapLimit, 0xa0, 'eContent');
      const ecLimit = this.limitOf(explicitContent, encapLimit);
      const ranges: ContentRange[] = [];
      position = this.octets(explicitContent.contentStart, ecLimit, ranges, 0);
      position = this.close(explicitContent, position, 'eContent');
      content = { ranges, length: ranges.reduce((total, range) => total + range.length, 0) };
    }
    position = this.close(encap, position, 'encapContentInfo');
    const encapContentInfo = { start: encap.start, end: position };
    let certificates: Span | undefined;
    let crls: Span | undefined;
    let signerInfos: Span | undefined;
    while (!this.atEnd(signedData, position)) {
      if (signerInfos) malformed('data after the signerInfos');
      const field = this.head(position, sdLimit, undefined, 'SignedData field');
      const span = { start: field.start, end: this.endOf(field, sdLimit, 0) };
      if (field.tag === 0xa0 && !certificates && !crls) certificates = span;
      else if (field.tag === 0xa1 && !crls) crls = span;
      else if (field.tag === 0x31) signerInfos = span;
      else malformed(`unexpected SignedData field (tag 0x${field.tag.toString(16)})`);
      position = span.end;
    }
    if (!signerInfos) malformed('no signerInfos');
    position = this.close(signedData, position, 'SignedData');
    position = this.close(explicit, position, '[0] content');
    const end = this.close(contentInfo, position, 'ContentInfo');
    return { version, digestAlgorithms, encapContentInfo, eContentType, content, certificates, crls, signerInfos, end, ber: this.ber };
  }

  /** The header at `offset`, inside `limit`; `tag` when a particular one is required. */
  private head(offset: number, limit: number, tag: number | undefined, what: string): Head {
    if (offset + 2 > limit) malformed(`${what} missing or truncated`);
    const bytes = this.source.read(offset, Math.min(6, limit - offset));
    const first = bytes[0]!;
    if ((first & 0x1f) === 0x1f) malformed(`unexpected high tag number at byte ${offset}`);
    if (tag !== undefined && first !== tag) malformed(`${what} missing or of the wrong type (tag 0x${first.toString(16)} at byte ${offset})`);
    const lengthByte = bytes[1]!;
    if (lengthByte === 0x80) {
      if ((first & 0x20) === 0) malformed(`indefinite length on a primitive element at byte ${offset}`);
      this.ber = true;
      return { tag: first, start: offset, contentStart: offset + 2, length: -1 };
    }
    if (lengthByte < 0x80) return this.checked({ tag: first, start: offset, contentStart: offset + 2, length: lengthByte }, limit, what);
    const count = lengthByte & 0x7f;
    if (count > 6 || bytes.length < 2 + count) malformed(`absurd length at byte ${offset}`);
    let length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + bytes[2 + index]!;
    return this.checked({ tag: first, start: offset, contentStart: offset + 2 + count, length }, limit, what);
  }

  private checked(head: Head, limit: number, what: string): Head {
    if (head.contentStart + head.length > limit) malformed(`${what}: length beyond the enclosing element at byte ${head.start}`);
    return head;
  }

  private limitOf(head: Head, parentLimit: number): number {
    return head.length >= 0 ? head.contentStart + head.length : parentLimit;
  }

  private isEndOfContents(offset: number, limit: number): boolean {
    if (offset + 2 > limit) return false;
    const bytes = this.source.read(offset, 2);
    return bytes[0] === 0 && bytes[1] === 0;
  }

  private atEnd(head: Head, position: number): boolean {
    if (head.length >= 0) {
      const end = head.contentStart + head.length;
      if (position > end) malformed(`element at byte ${head.start} overruns its length`);
      return position === end;
    }
    return this.isEndOfContents(position, this.source.size);
  }

  /** Checks that `head` ends exactly at `position` (definite) or with end-of-contents there; returns the byte after it. */
  private close(head: Head, position: number, what: string): number {
    if (head.length >= 0) {
      if (position !== head.contentStart + head.length) malformed(`${what}: its length does not match its contents`);
      return position;
    }
    if (!this.isEndOfContents(position, this.source.size)) malformed(`${what}: missing end-of-contents`);
    return position + 2;
  }

  private whole(offset: number, limit: number, tag: number, what: string): Span {
    const head = this.head(offset, limit, tag, what);
    return { start: offset, end: this.endOf(head, limit, 0) };
  }

  /** The byte after the element; an indefinite one is walked to its end-of-contents. */
  private endOf(head: Head, limit: number, depth: number): number {
    if (head.length >= 0) return head.contentStart + head.length;
    if (depth > MAX_DEPTH) malformed('nesting too deep');
    let position = head.contentStart;
    for (;;) {
      if (this.isEndOfContents(position, limit)) return position + 2;
      const child = this.head(position, limit, undefined, 'element');
      position = this.endOf(child, limit, depth + 1);
    }
  }

  /** The content OCTET STRING (primitive, or BER chunks to any depth): its ranges; returns the byte after it. */
  private octets(offset: number, limit: number, ranges: ContentRange[], depth: number): number {
    if (depth > MAX_DEPTH) malformed('nesting too deep');
    const head = this.head(offset, limit, undefined, 'eContent OCTET STRING');
    if (head.tag === 0x04) {
      ranges.push({ start: head.contentStart, length: head.length });
      return head.contentStart + head.length;
    }
    if (head.tag !== 0x24) malformed('eContent is not an OCTET STRING');
    this.ber = true;
    const innerLimit = this.limitOf(head, limit);
    let position = head.contentStart;
    while (!this.atEnd(head, position)) position = this.octets(position, innerLimit, ranges, depth + 1);
    return this.close(head, position, 'eContent OCTET STRING');
  }
}
