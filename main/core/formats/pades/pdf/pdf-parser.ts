import { type PdfLimits } from './limits';
import { limitExceeded, malformed } from './pdf-error';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './objects';

/** The window ended before the syntax did: read a larger window and parse again. */
export class NeedMoreData extends Error {
  constructor() {
    super('need more data');
  }
}

type Token =
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'name'; value: string }
  | { kind: 'string'; value: PdfString }
  | { kind: 'keyword'; value: string }
  | { kind: 'delim'; value: '[' | ']' | '<<' | '>>' | '{' | '}' }
  | { kind: 'eof' };

const WHITESPACE = new Uint8Array(256);
for (const b of [0, 9, 10, 12, 13, 32]) WHITESPACE[b] = 1;
const DELIMITER = new Uint8Array(256);
for (const ch of '()<>[]{}/%') DELIMITER[ch.charCodeAt(0)] = 1;

export function isWhitespace(byte: number): boolean {
  return WHITESPACE[byte] === 1;
}

export function isRegular(byte: number): boolean {
  return WHITESPACE[byte] === 0 && DELIMITER[byte] === 0;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** An indirect object's header and value; `streamDataOffset` is set when the value is a stream's dictionary. */
export interface ParsedIndirect {
  num: number;
  gen: number;
  value: PdfValue;
  streamDataOffset: number | undefined;
  /** Absolute offset just past the value (or past the `stream` keyword's EOL for streams). */
  end: number;
}

/**
 * The PDF syntax (ISO 32000-1 §7.2, §7.3) over a window of a file. `base` is the window's file offset;
 * `complete` says the window reaches the end of the file, else running off its end throws NeedMoreData.
 */
export class PdfParser {
  pos = 0;

  constructor(
    readonly buf: Buffer,
    readonly base: number,
    readonly complete: boolean,
    readonly limits: Pick<PdfLimits, 'maxDepth' | 'maxCollectionItems'>,
    /** false inside a decoded object stream: positions there are not file offsets. */
    private readonly fileOffsets = true,
  ) {}

  get offset(): number {
    return this.base + this.pos;
  }

  private byteAt(index: number): number {
    if (index >= this.buf.length) {
      if (this.complete) return -1;
      throw new NeedMoreData();
    }
    return this.buf[index]!;
  }

  skipWhitespace(): void {
    for (;;) {
      const b = this.byteAt(this.pos);
      if (b === -1) return;
      if (WHITESPACE[b] === 1) {
        this.pos++;
      } else if (b === 0x25) {
        while (this.byteAt(this.pos) !== -1 && this.byteAt(this.pos) !== 10 && this.byteAt(this.pos) !== 13) this.pos++;
      } else {
        return;
      }
    }
  }

  nextToken(): Token {
    this.skipWhitespace();
    const start = this.pos;
    const b = this.byteAt(this.pos);
    if (b === -1) return { kind: 'eof' };
    if (b === 0x2f) return { kind: 'name', value: this.readName() };
    if (b === 0x28) return { kind: 'string', value: this.readLiteralString() };
    if (b === 0x3c) {
      if (this.byteAt(this.pos + 1) === 0x3c) {
        this.pos += 2;
        return { kind: 'delim', value: '<<' };
      }
      return { kind: 'string', value: this.readHexString() };
    }
    if (b === 0x3e) {
      if (this.byteAt(this.pos + 1) === 0x3e) {
        this.pos += 2;
        return { kind: 'delim', value: '>>' };
      }
      throw malformed(`unexpected '>' at ${this.base + start}`);
    }
    if (b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d) {
      this.pos++;
      return { kind: 'delim', value: String.fromCharCode(b) as '[' | ']' | '{' | '}' };
    }
    if (b === 0x29) throw malformed(`unexpected ')' at ${this.base + start}`);
    let end = this.pos;
    for (;;) {
      const c = this.byteAt(end);
      if (c === -1 || !isRegular(c)) break;
      end++;
      if (end - start > 256) throw malformed(`token too long at ${this.base + start}`);
    }
    const text = this.buf.toString('latin1', start, end);
    this.pos = end;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) {
      const value = Number(text);
      return { kind: 'number', value, integer: !text.includes('.') };
    }
    // Some writers emit "--5" or "5-": readers take the number; we stay strict except for a doubled sign.
    if (/^--\d+(\.\d*)?$/.test(text)) return { kind: 'number', value: -Number(text.slice(2)), integer: !text.includes('.') };
    return { kind: 'keyword', value: text };
  }

  private readName(): string {
    this.pos++;
    const bytes: number[] = [];
    for (;;) {
      const b = this.byteAt(this.pos);
      if (b === -1 || !isRegular(b)) break;
      if (b === 0x23) {
        const hi = hexValue(this.byteAt(this.pos + 1));
        const lo = hexValue(this.byteAt(this.pos + 2));
        if (hi >= 0 && lo >= 0) {
          bytes.push(hi * 16 + lo);
          this.pos += 3;
          continue;
        }
      }
      bytes.push(b);
      this.pos++;
      if (bytes.length > 4096) throw malformed(`name too long at ${this.offset}`);
    }
    return Buffer.from(bytes).toString('latin1');
  }

  private readLiteralString(): PdfString {
    const start = this.base + this.pos;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      const b = this.byteAt(this.pos);
      if (b === -1) throw malformed(`unterminated string at ${start}`);
      this.pos++;
      if (b === 0x5c) {
        const e = this.byteAt(this.pos);
        if (e === -1) throw malformed(`unterminated string at ${start}`);
        this.pos++;
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) {
          out.push(simple[e]);
        } else if (e >= 0x30 && e <= 0x37) {
          let value = e - 0x30;
          for (let i = 0; i < 2; i++) {
            const d = this.byteAt(this.pos);
            if (d < 0x30 || d > 0x37) break;
            value = value * 8 + (d - 0x30);
            this.pos++;
          }
          out.push(value & 0xff);
        } else if (e === 13) {
          if (this.byteAt(this.pos) === 10) this.pos++;
        } else if (e !== 10) {
          out.push(e);
        }
      } else if (b === 0x28) {
        depth++;
        out.push(b);
      } else if (b === 0x29) {
        depth--;
        if (depth === 0) break;
        out.push(b);
      } else if (b === 13) {
        if (this.byteAt(this.pos) === 10) this.pos++;
        out.push(10);
      } else {
        out.push(b);
      }
    }
    return new PdfString(Buffer.from(out), false, this.fileOffsets ? start : -1, this.fileOffsets ? this.base + this.pos : -1);
  }

  private readHexString(): PdfString {
    const start = this.base + this.pos;
    this.pos++;
    let hexEnd = this.pos;
    for (;;) {
      const b = this.byteAt(hexEnd);
      if (b === -1) throw malformed(`unterminated hex string at ${start}`);
      if (b === 0x3e) break;
      if (hexValue(b) < 0 && WHITESPACE[b] !== 1) throw malformed(`bad hex string at ${start}`);
      hexEnd++;
    }
    const digits = this.buf.toString('latin1', this.pos, hexEnd).replace(/[\0\t\n\f\r ]/g, '');
    this.pos = hexEnd + 1;
    const even = digits.length % 2 === 0 ? digits : `${digits}0`;
    return new PdfString(Buffer.from(even, 'hex'), true, this.fileOffsets ? start : -1, this.fileOffsets ? this.base + this.pos : -1);
  }

  /** One direct value (a reference `n g R` counts as one). */
  parseValue(depth = 0): PdfValue {
    if (depth > this.limits.maxDepth) throw limitExceeded('nesting depth', depth, this.limits.maxDepth);
    const at = this.offset;
    const token = this.nextToken();
    return this.valueFrom(token, depth, at);
  }

  private valueFrom(token: Token, depth: number, at: number): PdfValue {
    switch (token.kind) {
      case 'number':
        if (token.integer && token.value >= 0) return this.maybeRef(token.value);
        return token.value;
      case 'name':
        return new PdfName(token.value);
      case 'string':
        return token.value;
      case 'keyword':
        if (token.value === 'true') return true;
        if (token.value === 'false') return false;
        if (token.value === 'null') return null;
        throw malformed(`unexpected keyword '${token.value}' at ${at}`);
      case 'delim':
        if (token.value === '[') return this.parseArray(depth);
        if (token.value === '<<') return this.parseDict(depth);
        throw malformed(`unexpected '${token.value}' at ${at}`);
      case 'eof':
        throw malformed(`unexpected end of file at ${at}`);
    }
  }

  private maybeRef(first: number): PdfValue {
    const save = this.pos;
    const second = this.nextToken();
    if (second.kind === 'number' && second.integer && second.value >= 0) {
      const third = this.nextToken();
      if (third.kind === 'keyword' && third.value === 'R') return new PdfRef(first, second.value);
    }
    this.pos = save;
    return first;
  }

  private parseArray(depth: number): PdfValue[] {
    if (depth > this.limits.maxDepth) throw limitExceeded('nesting depth', depth, this.limits.maxDepth);
    const items: PdfValue[] = [];
    for (;;) {
      const at = this.offset;
      const token = this.nextToken();
      if (token.kind === 'delim' && token.value === ']') return items;
      if (token.kind === 'eof') throw malformed(`unterminated array at ${at}`);
      items.push(this.valueFrom(token, depth + 1, at));
      if (items.length > this.limits.maxCollectionItems) throw limitExceeded('array size', items.length, this.limits.maxCollectionItems);
    }
  }

  private parseDict(depth: number): PdfDict {
    if (depth > this.limits.maxDepth) throw limitExceeded('nesting depth', depth, this.limits.maxDepth);
    const dict = new PdfDict();
    for (;;) {
      const at = this.offset;
      const token = this.nextToken();
      if (token.kind === 'delim' && token.value === '>>') return dict;
      if (token.kind !== 'name') throw malformed(`dictionary key expected at ${at}`);
      const valueAt = this.offset;
      const valueToken = this.nextToken();
      if (valueToken.kind === 'delim' && valueToken.value === '>>') {
        // A key without a value: readers take it as null; keep the dictionary readable.
        return dict;
      }
      const value = this.valueFrom(valueToken, depth + 1, valueAt);
      // ISO 32000-1 §7.3.7: a null value is the same as an absent key.
      if (value !== null) dict.set(token.value, value);
      if (dict.map.size > this.limits.maxCollectionItems) throw limitExceeded('dictionary size', dict.map.size, this.limits.maxCollectionItems);
    }
  }

  /** `n g obj` at the current position. */
  parseObjectHeader(): { num: number; gen: number } {
    const at = this.offset;
    const num = this.nextToken();
    const gen = this.nextToken();
    const keyword = this.nextToken();
    if (num.kind !== 'number' || !num.integer || num.value < 0 || gen.kind !== 'number' || !gen.integer || gen.value < 0 || keyword.kind !== 'keyword' || keyword.value !== 'obj') {
      throw malformed(`no object header at ${at}`, { offset: at });
    }
    return { num: num.value, gen: gen.value };
  }

  /** `n g obj value [stream…]` at the current position; for a stream, stops at the start of its data. */
  parseIndirectObject(): ParsedIndirect {
    const { num, gen } = this.parseObjectHeader();
    const value = this.parseValue();
    const afterValue = this.pos;
    const token = this.nextToken();
    if (token.kind === 'keyword' && token.value === 'stream') {
      if (!(value instanceof PdfDict)) throw malformed(`stream without dictionary in object ${num}`);
      // The keyword is followed by CRLF or LF (ISO 32000-1 §7.3.8.1); a lone CR is tolerated.
      const b = this.byteAt(this.pos);
      if (b === 13) {
        this.pos++;
        if (this.byteAt(this.pos) === 10) this.pos++;
      } else if (b === 10) {
        this.pos++;
      }
      return { num, gen, value, streamDataOffset: this.offset, end: this.offset };
    }
    this.pos = afterValue;
    return { num, gen, value, streamDataOffset: undefined, end: this.offset };
  }

  /** Whether the next token is the keyword (consumed when it is). */
  expectKeyword(keyword: string): boolean {
    const save = this.pos;
    const token = this.nextToken();
    if (token.kind === 'keyword' && token.value === keyword) return true;
    this.pos = save;
    return false;
  }

  nextInteger(): number | undefined {
    const save = this.pos;
    const token = this.nextToken();
    if (token.kind === 'number' && token.integer) return token.value;
    this.pos = save;
    return undefined;
  }
}
