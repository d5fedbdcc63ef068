import { SigndeskError } from '../../../preload/contract/errors';

/** One DER element: its tag byte, where its contents sit, and the whole encoding. */
export interface DerElement {
  tag: number;
  /** The contents octets. */
  value: Uint8Array;
  /** Tag + length + contents. */
  encoded: Uint8Array;
}

/** Reads the element starting at `offset` (definite lengths only, as DER requires). */
export function readDer(bytes: Uint8Array, offset = 0): DerElement {
  const fail = () => new SigndeskError('ERR_INPUT_INVALID', 'Malformed DER');
  if (offset + 2 > bytes.length) throw fail();
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || offset + 2 + count > bytes.length) throw fail();
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw fail();
  return { tag, value: bytes.subarray(offset + header, end), encoded: bytes.subarray(offset, end) };
}

/** The elements inside a constructed element's contents. */
export function readDerChildren(contents: Uint8Array): DerElement[] {
  const children: DerElement[] = [];
  let offset = 0;
  while (offset < contents.length) {
    const child = readDer(contents, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

export function encodeDer(tag: number, contents: Uint8Array): Uint8Array {
  const length = contents.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const lengthBytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest & 0xff);
    header = [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  }
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  out.set(contents, header.length);
  return out;
}

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, a 0x00 added when the top bit is set). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = trimmed.length === 0 || (trimmed[0]! & 0x80) !== 0;
  const contents = new Uint8Array(trimmed.length + (needsPad ? 1 : 0));
  contents.set(trimmed, needsPad ? 1 : 0);
  return encodeDer(0x02, contents);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
