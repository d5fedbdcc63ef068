import fc from 'fast-check';

/** Byte-level damage an attacker or a bad disk does to a DER file. */
export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array };

/** Header bytes that make absurd lengths, indefinite lengths, deep nesting, huge INTEGERs (KDF parameters). */
const HOSTILE_PATCHES = [
  Uint8Array.of(0x84, 0x7f, 0xff, 0xff, 0xff),
  Uint8Array.of(0x80),
  Uint8Array.of(0x30, 0x80, 0x30, 0x80),
  Uint8Array.of(0x81, 0x00),
  Uint8Array.of(0x02, 0x04, 0x7f, 0xff, 0xff, 0xff),
  Uint8Array.of(0x02, 0x03, 0x7f, 0xff, 0xff),
  Uint8Array.of(0x06, 0x00),
];

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.constantFrom(...HOSTILE_PATCHES) }),
);

export function applyMutations(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Uint8Array.from(input);
  for (const item of mutations) {
    const at = bytes.length === 0 ? 0 : item.at % bytes.length;
    if (item.kind === 'flip' && bytes.length > 0) bytes[at] ^= item.mask;
    else if (item.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (item.kind === 'insert') bytes = Uint8Array.from([...bytes.subarray(0, at), ...item.bytes, ...bytes.subarray(at)]);
    else if (item.kind === 'delete') bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + item.count)]);
    else if (item.kind === 'overwrite') bytes = Uint8Array.from([...bytes.subarray(0, at), ...item.bytes, ...bytes.subarray(at + item.bytes.length)]);
  }
  return bytes;
}

/** Peak RSS over a piece of work, sampled every few milliseconds. */
export class RssPeak {
  readonly baseline = process.memoryUsage().rss;
  peak = this.baseline;
  readonly #timer = setInterval(() => this.sample(), 5);

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  stop(): number {
    clearInterval(this.#timer);
    this.sample();
    return this.peak - this.baseline;
  }
}
