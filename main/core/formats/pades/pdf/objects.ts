/** The PDF object model (ISO 32000-1 §7.3): what the parser returns and the writer serialises. */

export class PdfName {
  /** The name's bytes after #xx decoding, as a latin1 string ("Type" for `/Type`). */
  constructor(readonly name: string) {}
}

export class PdfString {
  /** `start`/`end`: where the token (with its delimiters) sits in the file, when it was read from one. */
  constructor(
    readonly bytes: Buffer,
    readonly hex: boolean,
    readonly start = -1,
    readonly end = -1,
  ) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export class PdfDict {
  readonly map: Map<string, PdfValue>;

  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.map = new Map(entries);
  }

  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }

  set(key: string, value: PdfValue): this {
    this.map.set(key, value);
    return this;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clone(): PdfDict {
    return new PdfDict(this.map);
  }
}

/** A stream as found in a file: its dictionary and where its raw (still encoded) data sits. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly dataOffset: number,
    readonly length: number,
  ) {}
}

/** A stream this library is about to write: dictionary (without /Length) and encoded data. */
export class PdfNewStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Buffer,
  ) {}
}

/** Text written as is: the fixed-width placeholders of a signature dictionary. */
export class PdfRaw {
  constructor(readonly text: string) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfNewStream | PdfRaw | PdfValue[];

export function isName(value: PdfValue | undefined, name?: string): value is PdfName {
  return value instanceof PdfName && (name === undefined || value.name === name);
}

export function isDict(value: PdfValue | undefined): value is PdfDict {
  return value instanceof PdfDict;
}

export function isRef(value: PdfValue | undefined): value is PdfRef {
  return value instanceof PdfRef;
}

export function isNumber(value: PdfValue | undefined): value is number {
  return typeof value === 'number';
}

export function isInteger(value: PdfValue | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The dictionary of a dict or a stream, else undefined. */
export function dictOf(value: PdfValue | undefined): PdfDict | undefined {
  if (value instanceof PdfDict) return value;
  if (value instanceof PdfStream || value instanceof PdfNewStream) return value.dict;
  return undefined;
}

export function name(value: string): PdfName {
  return new PdfName(value);
}
