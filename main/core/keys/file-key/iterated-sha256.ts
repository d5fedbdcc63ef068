// SHA-256 applied n times to a 32-byte value: the inner loop of the PKCS#12 KDF at our iteration count.
// node:crypto costs ~1.7 µs per call for such a tiny input (object and buffer set-up); one compression of
// the single padded block here is several times cheaper, which turns a 600,000-iteration MAC key from
// about a second of hashing into a fraction of one. Checked against node:crypto in tests/unit.

const PRIMES: number[] = [];
for (let candidate = 2; PRIMES.length < 64; candidate++) if (PRIMES.every((prime) => candidate % prime !== 0)) PRIMES.push(candidate);
const fractionBits = (value: number) => ((value - Math.floor(value)) * 2 ** 32) >>> 0;
/** FIPS 180-4: first 32 bits of the fractional parts of the cube roots (K) and square roots (H0) of the first primes. */
const K = Uint32Array.from(PRIMES, (prime) => fractionBits(Math.cbrt(prime)));
const H0 = Uint32Array.from(PRIMES.slice(0, 8), (prime) => fractionBits(Math.sqrt(prime)));

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** `words` (8 words, 32 bytes big-endian) ← SHA-256(words), in place. */
function compressSingleBlock(words: Uint32Array, w: Uint32Array): void {
  w.set(words);
  w[8] = 0x80000000;
  w.fill(0, 9, 15);
  w[15] = 256;
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15]!;
    const b = w[t - 2]!;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = H0[0]!, b = H0[1]!, c = H0[2]!, d = H0[3]!, e = H0[4]!, f = H0[5]!, g = H0[6]!, h = H0[7]!;
  for (let t = 0; t < 64; t++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  words[0] = H0[0]! + a;
  words[1] = H0[1]! + b;
  words[2] = H0[2]! + c;
  words[3] = H0[3]! + d;
  words[4] = H0[4]! + e;
  words[5] = H0[5]! + f;
  words[6] = H0[6]! + g;
  words[7] = H0[7]! + h;
}

/**
 * SHA-256 applied `times` times to a 32-byte `value`. `onProgress` is awaited every `yieldEvery` rounds
 * so a long run can give the event loop a turn.
 */
export async function iterateSha256(value: Uint8Array, times: number, yieldEvery: number, onProgress: () => Promise<void>): Promise<Uint8Array> {
  if (value.length !== 32) throw new RangeError('iterateSha256 takes a 32-byte value');
  const words = new Uint32Array(8);
  const view = new DataView(value.buffer, value.byteOffset, 32);
  for (let index = 0; index < 8; index++) words[index] = view.getUint32(index * 4);
  const schedule = new Uint32Array(64);
  for (let round = 1; round <= times; round++) {
    compressSingleBlock(words, schedule);
    if (round % yieldEvery === 0) await onProgress();
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let index = 0; index < 8; index++) outView.setUint32(index * 4, words[index]!);
  return out;
}
