import { compareBytes, concat, lengthBytes } from '../crypto/der';
import type { Tlv } from './tlv';

/** Universal string types BER may send in constructed (chunked) form; DER sends them primitive. */
const STRING_TAGS = new Set([4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);

/**
 * The DER form of a received element (X.690 §10): definite minimal lengths, chunked strings joined, the elements of
 * every SET sorted by their encodings. Used where a signature covers the DER encoding of what may have been received
 * in BER (CMS signed attributes, RFC 5652 §5.4).
 */
export function derReencode(element: Tlv, options: { set?: boolean } = {}): Uint8Array {
  const tag = tagBytes(element);
  if (!element.constructed) return withHeader(tag, element.content);
  const children = element.children();
  if (element.tagClass === 0 && STRING_TAGS.has(element.tagNumber)) {
    const primitiveTag = Uint8Array.from(tag);
    primitiveTag[0] = primitiveTag[0]! & ~0x20;
    return withHeader(primitiveTag, concat(children.map(stringContent)));
  }
  const encoded = children.map((child) => derReencode(child));
  // `set`: an IMPLICIT-tagged SET OF (CMS signed attributes are [0] IMPLICIT SET OF Attribute).
  if ((element.tagClass === 0 && element.tagNumber === 17) || options.set) encoded.sort(compareBytes);
  return withHeader(tag, concat(encoded));
}

function tagBytes(element: Tlv): Uint8Array {
  let length = 1;
  if ((element.raw[0]! & 0x1f) === 0x1f) while (element.raw[length++]! & 0x80);
  return element.raw.subarray(0, length);
}

function stringContent(chunk: Tlv): Uint8Array {
  return chunk.constructed ? concat(chunk.children().map(stringContent)) : chunk.content;
}

function withHeader(tag: Uint8Array, content: Uint8Array): Uint8Array {
  return concat([tag, lengthBytes(content.length), content]);
}
