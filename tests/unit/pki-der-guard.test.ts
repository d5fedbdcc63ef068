import { describe, expect, it } from 'vitest';
import { assertSaneDer } from '../../main/core/crypto';
import { isSigndeskError } from '../../preload/contract/errors';

const strict = { code: 'ERR_SIGNATURE_MALFORMED' as const, what: 'test' };
const ber = { ...strict, allowIndefinite: true };

function reason(bytes: number[], options = strict): string {
  try {
    assertSaneDer(Uint8Array.from(bytes), options);
    return 'ok';
  } catch (error) {
    expect(isSigndeskError(error, 'ERR_SIGNATURE_MALFORMED')).toBe(true);
    return (error as Error).message;
  }
}

describe('assertSaneDer', () => {
  it('accepts nested definite-length DER and returns its length', () => {
    expect(reason([0x30, 0x06, 0x02, 0x01, 0x05, 0x30, 0x01, 0x05])).toMatch(/truncated length/);
    expect(reason([0x30, 0x05, 0x02, 0x01, 0x05, 0x30, 0x00])).toBe('ok');
    expect(assertSaneDer(Uint8Array.from([0x04, 0x81, 0x80, ...new Array(128).fill(0)]), strict)).toBe(131);
    expect(reason([0x30, 0x00])).toBe('ok');
  });

  it('rejects truncation, absurd lengths, trailing data and lone bytes', () => {
    expect(reason([0x30, 0x05, 0x02, 0x01])).toMatch(/length beyond|unexpected end/);
    expect(reason([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00])).toMatch(/length beyond/);
    expect(reason([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toMatch(/absurd length/);
    expect(reason([0x02, 0x01, 0x05, 0x00])).toMatch(/data after/);
    expect(reason([0x30])).toMatch(/too short/);
    expect(reason([0x1f, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00])).toMatch(/tag number too large/);
  });

  it('BER (indefinite or non-minimal lengths) only where allowed', () => {
    const indefinite = [0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00];
    expect(reason(indefinite)).toMatch(/indefinite length/);
    expect(reason(indefinite, ber)).toBe('ok');
    expect(reason([0x04, 0x81, 0x01, 0x00])).toMatch(/non-minimal/);
    expect(reason([0x04, 0x82, 0x00, 0x81, ...new Array(0x81).fill(0)])).toMatch(/non-minimal/);
    expect(reason([0x04, 0x80, 0x00, 0x00], ber)).toMatch(/primitive/);
    expect(reason([0x30, 0x80, 0x02, 0x01, 0x05], ber)).toMatch(/unexpected end/);
    expect(reason([0x30, 0x04, 0x30, 0x80, 0x00, 0x00, 0x00, 0x00], ber)).toMatch(/data after|length beyond|unexpected/);
  });

  it('stops deep nesting without recursion', () => {
    const deep: number[] = [];
    for (let i = 0; i < 100_000; i++) deep.push(0x30, 0x80);
    expect(reason(deep, ber)).toMatch(/nesting too deep/);
    const definite: number[] = [];
    for (let i = 0; i < 60; i++) definite.unshift(0x30, 2 * i);
    expect(reason(definite)).toMatch(/nesting too deep|length beyond/);
  });
});
