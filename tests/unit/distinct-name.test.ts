import { describe, expect, it } from 'vitest';
import { distinctName } from '../../main/core/cabinet/distinct-name';

describe('distinctName', () => {
  it('keeps a free name and numbers a taken one', () => {
    expect(distinctName('key · temporary', ['key'])).toBe('key · temporary');
    expect(distinctName('key · temporary', ['key', 'key · temporary'])).toBe('key · temporary (2)');
    expect(distinctName('key · temporary', ['key · temporary', 'key · temporary (2)'])).toBe('key · temporary (3)');
  });
});
