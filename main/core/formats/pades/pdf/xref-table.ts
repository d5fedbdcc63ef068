import { limitExceeded } from './pdf-error';

export const ENTRY_FREE = 1;
export const ENTRY_IN_USE = 2;
export const ENTRY_COMPRESSED = 3;
export type EntryType = typeof ENTRY_FREE | typeof ENTRY_IN_USE | typeof ENTRY_COMPRESSED;

/** Where one object lives: at a file offset (in use), inside an object stream (compressed), or nowhere (free). */
export interface XrefEntry {
  type: EntryType;
  /** In use: file offset; compressed: the object stream's number; free: next free object. */
  field2: number;
  /** In use / free: generation; compressed: index inside the object stream. */
  field3: number;
}

/** Cross-reference entries by object number in typed arrays: a million objects cost ~13 MB, not a Map of objects. */
export class XrefTable {
  private types = new Uint8Array(16);
  private f2 = new Float64Array(16);
  private f3 = new Uint32Array(16);
  private highest = -1;
  private entries = 0;

  constructor(private readonly maxObjects: number) {}

  private grow(num: number): void {
    if (num >= this.maxObjects) throw limitExceeded('object number', num, this.maxObjects - 1);
    if (num < this.types.length) return;
    let capacity = this.types.length;
    while (capacity <= num) capacity *= 2;
    capacity = Math.min(capacity, this.maxObjects);
    const types = new Uint8Array(capacity);
    types.set(this.types);
    const f2 = new Float64Array(capacity);
    f2.set(this.f2);
    const f3 = new Uint32Array(capacity);
    f3.set(this.f3);
    this.types = types;
    this.f2 = f2;
    this.f3 = f3;
  }

  set(num: number, type: EntryType, field2: number, field3: number): void {
    this.grow(num);
    if (this.types[num] === 0) this.entries++;
    this.types[num] = type;
    this.f2[num] = field2;
    this.f3[num] = field3;
    if (num > this.highest) this.highest = num;
  }

  /** Sets the entry unless one is already there (newest section first: the first one seen wins). */
  setIfAbsent(num: number, type: EntryType, field2: number, field3: number): void {
    if (!this.has(num)) this.set(num, type, field2, field3);
  }

  has(num: number): boolean {
    return num >= 0 && num < this.types.length && this.types[num] !== 0;
  }

  get(num: number): XrefEntry | undefined {
    if (!this.has(num)) return undefined;
    return { type: this.types[num] as EntryType, field2: this.f2[num]!, field3: this.f3[num]! };
  }

  /** One past the highest object number with an entry. */
  get size(): number {
    return this.highest + 1;
  }

  get count(): number {
    return this.entries;
  }

  *numbers(): Generator<number> {
    for (let num = 0; num <= this.highest; num++) if (this.types[num] !== 0) yield num;
  }

  /** Adds every entry of `older` that this table lacks. */
  mergeOlder(older: XrefTable): void {
    for (const num of older.numbers()) {
      const entry = older.get(num)!;
      this.setIfAbsent(num, entry.type, entry.field2, entry.field3);
    }
  }
}
