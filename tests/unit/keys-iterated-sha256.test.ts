import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iterateSha256 } from '../../main/core/keys/file-key/iterated-sha256';

function reference(value: Uint8Array, times: number): Buffer {
  let block = Buffer.from(value);
  for (let round = 0; round < times; round++) block = crypto.createHash('sha256').update(block).digest();
  return block;
}

describe('iterateSha256', () => {
  it('equals node:crypto SHA-256 applied the same number of times', async () => {
    let yields = 0;
    for (const times of [0, 1, 2, 3, 1000]) {
      const value = crypto.randomBytes(32);
      const fast = await iterateSha256(value, times, 100, async () => void yields++);
      expect(Buffer.from(fast).toString('hex')).toBe(reference(value, times).toString('hex'));
    }
    expect(yields).toBe(10);
  });

  it('only takes 32-byte values', async () => {
    await expect(iterateSha256(new Uint8Array(31), 1, 10, async () => undefined)).rejects.toThrow(RangeError);
  });
});
