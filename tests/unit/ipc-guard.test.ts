import { describe, expect, it } from 'vitest';
import { createGuard, senderFromOrigin, type Handlers } from '../../main/core/api/guard';
import { DEFAULT_SETTINGS, SigndeskError, type Settings } from '../../preload/contract/index';

const ORIGIN = 'app://signdesk';
const trusted = { url: `${ORIGIN}/index.html`, isMainFrame: true };

function guardWith(overrides: Partial<Handlers> = {}) {
  const calls: unknown[] = [];
  const handlers = {
    'app:info': () => ({ name: 'Signdesk', version: '1', platform: 'linux', locale: 'en', dataDir: '/tmp', runtime: 'bridge' as const }),
    'settings:get': () => DEFAULT_SETTINGS,
    'settings:update': (patch: Partial<Settings>) => {
      calls.push(patch);
      return { ...DEFAULT_SETTINGS, ...patch };
    },
    ...overrides,
  } as Handlers;
  return { guard: createGuard(handlers, senderFromOrigin(ORIGIN)), calls };
}

describe('IPC guard', () => {
  it('passes a valid call from our renderer to the handler', async () => {
    const { guard, calls } = guardWith();
    const envelope = await guard('settings:update', trusted, { language: 'uk' });
    expect(envelope).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, language: 'uk' } });
    expect(calls).toEqual([{ language: 'uk' }]);
  });

  it('rejects a forged sender before parsing or calling anything', async () => {
    const { guard, calls } = guardWith();
    for (const sender of [
      { url: 'https://evil.example/index.html', isMainFrame: true },
      { url: 'app://other/index.html', isMainFrame: true },
      { url: `${ORIGIN}/index.html`, isMainFrame: false },
      { url: 'not a url', isMainFrame: true },
    ]) {
      const envelope = await guard('settings:update', sender, { language: 'uk' });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'ERR_FORBIDDEN_SENDER' } });
    }
    expect(calls).toEqual([]);
  });

  it('gives ERR_INPUT_INVALID for bad input and never echoes the values', async () => {
    const { guard, calls } = guardWith();
    const envelope = await guard('settings:update', trusted, { language: 'xx-secret-1234' });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('ERR_INPUT_INVALID');
    expect(JSON.stringify(envelope.error)).not.toContain('xx-secret-1234');
    expect(await guard('settings:update', trusted, { unknownKey: true })).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
    expect(await guard('settings:update', trusted, 'a string')).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
    expect(calls).toEqual([]);
  });

  it('rejects channels that are not in the contract', async () => {
    const { guard } = guardWith();
    expect(await guard('shell:exec', trusted, {})).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
    expect(await guard('__proto__', trusted, {})).toMatchObject({ ok: false, error: { code: 'ERR_INPUT_INVALID' } });
  });

  it("keeps a handler's error code and details", async () => {
    const { guard } = guardWith({
      'settings:get': () => {
        throw new SigndeskError('ERR_PIN_INCORRECT', 'Wrong PIN', { triesLeft: 'low' });
      },
    });
    expect(await guard('settings:get', trusted, {})).toEqual({ ok: false, error: { code: 'ERR_PIN_INCORRECT', message: 'Wrong PIN', details: { triesLeft: 'low' } } });
  });

  it('turns an unexpected exception into ERR_INTERNAL instead of throwing', async () => {
    const { guard } = guardWith({
      'app:info': async () => {
        throw new TypeError('boom');
      },
    });
    expect(await guard('app:info', trusted, {})).toMatchObject({ ok: false, error: { code: 'ERR_INTERNAL', message: 'boom' } });
  });
});
