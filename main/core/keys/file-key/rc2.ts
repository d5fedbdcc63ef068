// RC2 (RFC 2268) in CBC mode. Only legacy PKCS#12 files need it (pbeWithSHAAnd40BitRC2-CBC protects the
// certificates in files from older Windows tools and `openssl pkcs12 -legacy`); OpenSSL 3 moved RC2 to
// its legacy provider, which Node does not load, so it lives here. Never used to write anything.

const PITABLE_ROWS = [
  'd978f9c419ddb5ed28e9fd794aa0d89d', 'c67e37832b76538e624c6488448bfba2', '179a59f587b34f1361456d8d09817d32',
  'bd8f40eb86b77b0bf09521225c6b4e82', '54d66593ce60b21c7356c014a78cf1dc', '1275ca1f3bbee4d1423dd430a33cb626',
  '6fbf0eda4669075727f21d9bbc944303', 'f811c7f690ef3ee706c3d52fc8661ed7', '08e8eade8052eef784aa72ac354d6a2a',
  '961ad2715a1549744b9fd05e0418a4ec', 'c2e0416e0f51cbcc2491af50a1f47039', '997c3a8523b8b47afc02365b25559731',
  '2d5dfa98e38a92ae05df2910676cbac9', 'd300e6cfe19ea82c6316013f58e289a9', '0d38341bab33ffb0bb480c5fb9b1cd2e',
  'c5f3db47e5a59c770aa62068fe7fc1ad',
];
const PITABLE = Uint8Array.from(Buffer.from(PITABLE_ROWS.join(''), 'hex'));

/** RFC 2268 section 2: 64 16-bit round keys from a key and its effective bit length. */
export function rc2ExpandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const buffer = new Uint8Array(128);
  buffer.set(key);
  const t = key.length;
  const t8 = Math.ceil(effectiveBits / 8);
  const tm = 0xff % 2 ** (8 + effectiveBits - 8 * t8);
  for (let index = t; index < 128; index++) buffer[index] = PITABLE[(buffer[index - 1]! + buffer[index - t]!) & 0xff]!;
  buffer[128 - t8] = PITABLE[buffer[128 - t8]! & tm]!;
  for (let index = 127 - t8; index >= 0; index--) buffer[index] = PITABLE[buffer[index + 1]! ^ buffer[index + t8]!]!;
  const words = new Uint16Array(64);
  for (let index = 0; index < 64; index++) words[index] = buffer[2 * index]! | (buffer[2 * index + 1]! << 8);
  return words;
}

const SHIFTS = [1, 2, 3, 5] as const;

export function rc2DecryptBlock(k: Uint16Array, block: Uint8Array): Uint8Array {
  const r = [0, 1, 2, 3].map((index) => block[2 * index]! | (block[2 * index + 1]! << 8));
  let j = 63;
  const reverseMix = () => {
    for (let i = 3; i >= 0; i--) {
      const s = SHIFTS[i]!;
      r[i] = ((r[i]! >>> s) | (r[i]! << (16 - s))) & 0xffff;
      r[i] = (r[i]! - k[j]! - (r[(i + 3) % 4]! & r[(i + 2) % 4]!) - (~r[(i + 3) % 4]! & r[(i + 1) % 4]!)) & 0xffff;
      j--;
    }
  };
  const reverseMash = () => {
    for (let i = 3; i >= 0; i--) r[i] = (r[i]! - k[r[(i + 3) % 4]! & 63]!) & 0xffff;
  };
  for (let round = 0; round < 5; round++) reverseMix();
  reverseMash();
  for (let round = 0; round < 6; round++) reverseMix();
  reverseMash();
  for (let round = 0; round < 5; round++) reverseMix();
  const out = new Uint8Array(8);
  r.forEach((word, index) => {
    out[2 * index] = word & 0xff;
    out[2 * index + 1] = word >> 8;
  });
  return out;
}

/** CBC decryption with PKCS#7 padding removed; `null` when the padding is wrong (a wrong password). */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
  if (ciphertext.length === 0 || ciphertext.length % 8 !== 0) return null;
  const k = rc2ExpandKey(key, effectiveBits);
  const plain = new Uint8Array(ciphertext.length);
  let previous = iv;
  for (let offset = 0; offset < ciphertext.length; offset += 8) {
    const block = ciphertext.subarray(offset, offset + 8);
    const decrypted = rc2DecryptBlock(k, block);
    for (let index = 0; index < 8; index++) plain[offset + index] = decrypted[index]! ^ previous[index]!;
    previous = block;
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 8) return null;
  for (let index = plain.length - pad; index < plain.length; index++) if (plain[index] !== pad) return null;
  return plain.subarray(0, plain.length - pad);
}
