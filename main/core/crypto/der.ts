import { SigndeskError } from '../../../preload/contract/errors';

/**
 * The small DER module of the hot signing path: a writer for the structures we assemble per signature (no object
 * trees) and a bounded reader of definite-length TLVs. Everything else goes through the ASN.1 layer (pkijs/asn1js).
 */

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Header (tag + length) of an element whose content is `length` bytes. */
export function header(tag: number, length: number): Uint8Array {
  return concat([Uint8Array.of(tag), lengthBytes(length)]);
}

export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  const body = concat(content);
  return concat([header(tag, body.length), body]);
}

export const sequence = (...items: readonly Uint8Array[]): Uint8Array => tlv(0x30, ...items);

/** SET OF in DER order (elements sorted by their encodings). */
export function setOf(items: readonly Uint8Array[]): Uint8Array {
  return tlv(0x31, ...[...items].sort(compareBytes));
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
export const NULL = Uint8Array.of(0x05, 0x00);

/** [n] EXPLICIT / constructed context tag. */
export const contextConstructed = (n: number, ...content: readonly Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);

/** A non-negative INTEGER that fits in a JS number. */
export function smallInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('smallInteger takes a non-negative safe integer');
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, a 0x00 added when the top bit is set). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const pad = trimmed.length === 0 || (trimmed[0]! & 0x80) !== 0;
  return tlv(0x02, pad ? concat([Uint8Array.of(0), trimmed]) : trimmed);
}

const oidCache = new Map<string, Uint8Array>();

/** An OBJECT IDENTIFIER from its dotted form; arcs of any size (UUID OIDs) are encoded exactly. */
export function oid(dotted: string): Uint8Array {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.');
  if (arcs.length < 2 || arcs.some((arc) => !/^\d+$/.test(arc))) throw new SigndeskError('ERR_INPUT_INVALID', `Not an object identifier: ${dotted}`);
  const first = Number(arcs[0]);
  if (first > 2 || (first < 2 && Number(arcs[1]) > 39)) throw new SigndeskError('ERR_INPUT_INVALID', `Not an object identifier: ${dotted}`);
  const body: number[] = [...base128(addDecimal(arcs[1]!, first * 40))];
  for (const arc of arcs.slice(2)) body.push(...base128(arc));
  const encoded = tlv(0x06, Uint8Array.from(body));
  if (oidCache.size < 4096) oidCache.set(dotted, encoded);
  return encoded;
}

/** The dotted form of an OBJECT IDENTIFIER's content octets. */
export function oidText(content: Uint8Array): string {
  const arcs: string[] = [];
  let digits: number[] = [];
  for (let index = 0; index < content.length; index++) {
    const byte = content[index]!;
    digits = multiplyAdd(digits, 128, byte & 0x7f);
    if (byte & 0x80) continue;
    arcs.push(digits.length === 0 ? '0' : digits.join(''));
    digits = [];
  }
  if (digits.length > 0 || arcs.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'A truncated object identifier');
  const head = arcs.shift()!;
  const value = head.length < 16 ? Number(head) : Infinity;
  const first = value < 40 ? 0 : value < 80 ? 1 : 2;
  return [String(first), subtractDecimal(head, first * 40), ...arcs].join('.');
}

/** Decimal string × factor + addend, as decimal digits (most significant first). */
function multiplyAdd(digits: number[], factor: number, addend: number): number[] {
  const out: number[] = [];
  let carry = addend;
  for (let index = digits.length - 1; index >= 0; index--) {
    const value = digits[index]! * factor + carry;
    out.unshift(value % 10);
    carry = Math.floor(value / 10);
  }
  while (carry > 0) {
    out.unshift(carry % 10);
    carry = Math.floor(carry / 10);
  }
  while (out.length > 0 && out[0] === 0) out.shift();
  return out;
}

function addDecimal(decimal: string, addend: number): string {
  const digits = multiplyAdd([...decimal].map(Number), 1, addend);
  return digits.length === 0 ? '0' : digits.join('');
}

function subtractDecimal(decimal: string, subtrahend: number): string {
  if (decimal.length < 16) return String(Number(decimal) - subtrahend);
  const digits = [...decimal].map(Number);
  let borrow = subtrahend;
  for (let index = digits.length - 1; index >= 0 && borrow > 0; index--) {
    const value = digits[index]! - (borrow % 10);
    borrow = Math.floor(borrow / 10);
    if (value < 0) {
      digits[index] = value + 10;
      borrow += 1;
    } else digits[index] = value;
  }
  return digits.join('').replace(/^0+(?=\d)/, '');
}

/** Base-128 digits of a decimal string, high bit set on all but the last. */
function base128(decimal: string): number[] {
  let digits = [...decimal].map(Number);
  const out: number[] = [];
  do {
    let remainder = 0;
    const quotient: number[] = [];
    for (const digit of digits) {
      const value = remainder * 10 + digit;
      const q = Math.floor(value / 128);
      remainder = value % 128;
      if (quotient.length > 0 || q > 0) quotient.push(q);
    }
    out.unshift(remainder);
    digits = quotient;
  } while (digits.length > 0);
  return out.map((value, index) => (index < out.length - 1 ? value | 0x80 : value));
}

/** signingTime: UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3). Whole seconds. */
export function time(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(`${pad(year % 100)}${rest}`, 'ascii'));
  return tlv(0x18, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'ascii'));
}

/** AlgorithmIdentifier with absent parameters, or with the given DER parameters. */
export function algorithmIdentifier(dotted: string, parameters?: Uint8Array): Uint8Array {
  return parameters ? sequence(oid(dotted), parameters) : sequence(oid(dotted));
}

/** The same TLV with another (single-byte) tag. */
export function retag(element: Uint8Array, tag: number): Uint8Array {
  const copy = Uint8Array.from(element);
  copy[0] = tag;
  return copy;
}

// ── reading ──

/** One definite-length element: its tag byte, where it starts, where its contents start, where it ends. */
export interface DerNode {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Thrown by the reader; callers turn it into their own coded error (a signature, a certificate, a CKA value). */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Reads the element at `offset`, which must end by `limit`. Definite lengths only, single-byte tags, up to 4 length bytes. */
export function readNode(bytes: Uint8Array, offset = 0, limit = bytes.length): DerNode {
  if (offset + 2 > limit) throw new DerError(`truncated element at byte ${offset}`);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`unexpected high tag number at byte ${offset}`);
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0) throw new DerError(`indefinite length at byte ${offset}`);
    if (count > 4 || contentStart + count > limit) throw new DerError(`bad length at byte ${offset}`);
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + bytes[contentStart + index]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`length beyond the end at byte ${offset}`);
  return { tag, start: offset, contentStart, end };
}

/** The elements inside a constructed element. */
export function childNodes(bytes: Uint8Array, parent: DerNode): DerNode[] {
  const children: DerNode[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const child = readNode(bytes, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function contentsOf(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.contentStart, node.end);
}

export function encodingOf(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.start, node.end);
}

/** The element's tag must be `tag`: else DerError naming `what`. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`${what} missing or of the wrong type`);
  return node;
}
