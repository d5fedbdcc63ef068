/**
 * A minimal DER writer for the structures we assemble on the hot signing path (no object trees).
 * Every function returns the complete TLV.
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
  let rest = length;
  while (rest > 0) {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
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
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
export const NULL = Uint8Array.of(0x05, 0x00);

/** [n] EXPLICIT / constructed context tag. */
export const contextConstructed = (n: number, ...content: readonly Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);

export function smallInteger(value: number): Uint8Array {
  if (value < 0 || value > 127) throw new RangeError('smallInteger takes 0..127');
  return Uint8Array.of(0x02, 0x01, value);
}

const oidCache = new Map<string, Uint8Array>();

export function oid(dotted: string): Uint8Array {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const body: number[] = [];
  const first = arcs[0] * 40n + arcs[1];
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    let rest = arc >> 7n;
    while (rest > 0n) {
      chunk.unshift(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    body.push(...chunk);
  }
  const encoded = tlv(0x06, Uint8Array.from(body));
  oidCache.set(dotted, encoded);
  return encoded;
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
