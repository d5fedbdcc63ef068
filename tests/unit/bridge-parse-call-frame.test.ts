import { describe, expect, it } from 'vitest';
import { isRefusal, parseCallFrame } from '../../main/bridge/parse-call-frame';
import { MAX_BRIDGE_JSON_DEPTH, MAX_BRIDGE_MESSAGE_BYTES } from '../../preload/contract/bridge-wire';
import { chunkPaths } from '../../renderer/src/files/chunk-paths';

const parse = (text: string) => parseCallFrame(Buffer.from(text), false);

describe('parseCallFrame', () => {
  it('accepts a call, whatever brackets and quotes its strings hold', () => {
    const input = { paths: ['/a/[[[[{{{{', 'quote \\" and ]]]] }}}', 'Документ [1].pdf'] };
    expect(parse(JSON.stringify({ id: 7, channel: 'queue:add', input }))).toEqual({ id: 7, channel: 'queue:add', input });
    expect(parse('{"id":0,"channel":"app:info"}')).toEqual({ id: 0, channel: 'app:info', input: undefined });
  });
  it('counts nesting outside strings only, up to the limit', () => {
    const nested = (depth: number) => `{"id":1,"channel":"x","input":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(isRefusal(parse(nested(MAX_BRIDGE_JSON_DEPTH)))).toBe(false);
    expect(parse(nested(MAX_BRIDGE_JSON_DEPTH + 1))).toMatchObject({ code: 1008 });
    expect(isRefusal(parse(`{"id":1,"channel":"x","input":"${'['.repeat(10_000)}"}`))).toBe(false);
  });
  it('refuses everything else with a close code and a short reason', () => {
    const cases: Array<[Buffer | string, number, boolean?]> = [
      ['null', 1008],
      ['true', 1008],
      ['[]', 1008],
      ['{"id":-1,"channel":"x"}', 1008],
      ['{"id":1.5,"channel":"x"}', 1008],
      [`{"id":1,"channel":"${'x'.repeat(101)}"}`, 1008],
      ['{"id":1,"channel":"x"', 1007],
      ['', 1007],
      [Buffer.from('{"id":1,"channel":"x"}'), 1003, true],
      [Buffer.alloc(MAX_BRIDGE_MESSAGE_BYTES + 1, 0x20), 1009],
    ];
    for (const [data, code, binary] of cases) {
      const verdict = parseCallFrame(Buffer.from(data), binary ?? false);
      expect(verdict, String(data).slice(0, 40)).toMatchObject({ code });
      if (isRefusal(verdict)) expect(Buffer.byteLength(verdict.reason)).toBeLessThanOrEqual(123);
    }
  });
});

describe('chunkPaths (queue:add under the frame limit)', () => {
  it('splits by count and by bytes, keeping order, a long path alone', () => {
    expect(chunkPaths(['a', 'b', 'c', 'd', 'e'], 2, 1000)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    const long = 'я'.repeat(400);
    expect(chunkPaths(['x', long, 'y'], 10, 500)).toEqual([['x'], [long], ['y']]);
    expect(chunkPaths([], 5, 100)).toEqual([]);
  });
});
