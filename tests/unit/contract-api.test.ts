import { describe, expect, it } from 'vitest';
import { buildWireApi, channelNames, eventNames, SigndeskError, unwrapApi, type Envelope } from '../../preload/contract/index';

describe('contract-derived API', () => {
  it('has one function per channel, grouped by domain, and one onXxx per event', () => {
    const api = buildWireApi({ invoke: async () => ({ ok: true, value: null }), subscribe: () => () => {} }) as unknown as Record<string, unknown>;
    for (const name of channelNames) {
      const [domain, verb] = name.split(':') as [string, string];
      expect(typeof (api[domain] as Record<string, unknown>)[verb]).toBe('function');
    }
    for (const name of eventNames) expect(typeof api[`on${name[0]!.toUpperCase()}${name.slice(1)}`]).toBe('function');
    expect(api).not.toHaveProperty('invoke');
  });

  it('channel names are domain:verb', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('unwraps results and rethrows coded errors as SigndeskError', async () => {
    const seen: Array<[string, unknown]> = [];
    const replies: Record<string, Envelope<unknown>> = {
      'app:info': { ok: true, value: { name: 'Signdesk' } },
      'settings:get': { ok: false, error: { code: 'ERR_STORAGE', message: 'disk full', details: { path: '/x' } } },
    };
    const api = unwrapApi(
      buildWireApi({
        invoke: async (channel, input) => {
          seen.push([channel, input]);
          return replies[channel] ?? { ok: true, value: null };
        },
        subscribe: () => () => {},
      }),
    );
    await expect(api.app.info()).resolves.toEqual({ name: 'Signdesk' });
    const error = await api.settings.get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SigndeskError);
    expect(error).toMatchObject({ code: 'ERR_STORAGE', details: { path: '/x' } });
    expect(seen).toEqual([
      ['app:info', {}],
      ['settings:get', {}],
    ]);
  });

  it('subscribes and unsubscribes events through the transport', () => {
    const listeners = new Set<(payload: unknown) => void>();
    const api = unwrapApi(
      buildWireApi({
        invoke: async () => ({ ok: true, value: null }),
        subscribe: (_event, listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      }),
    );
    const received: unknown[] = [];
    const off = api.onSettingsChanged((settings) => received.push(settings));
    for (const listener of listeners) listener({ language: 'ru' });
    off();
    expect(listeners.size).toBe(0);
    expect(received).toEqual([{ language: 'ru' }]);
  });
});
