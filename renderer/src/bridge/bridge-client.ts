import { buildWireApi, type Channel, type EventName, type Envelope } from '../../../preload/contract/index';

const SESSION_KEY = 'signdesk.bridge.session';

/** Provides `window.signdesk` over the bridge's WebSocket, with exactly the preload's shape. */
export function installBridgeClient(): void {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('session');
  if (fromUrl) {
    sessionStorage.setItem(SESSION_KEY, fromUrl);
    url.searchParams.delete('session');
    history.replaceState(null, '', url.toString());
  }
  const session = sessionStorage.getItem(SESSION_KEY) ?? '';
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;
  const socket = new WebSocket(`ws://${window.location.host}/ws?session=${encodeURIComponent(session)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('bridge connection failed')), { once: true });
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as { id?: number; envelope?: Envelope<unknown>; event?: EventName; payload?: unknown };
    if (typeof data.id === 'number' && data.envelope) {
      pending.get(data.id)?.(data.envelope);
      pending.delete(data.id);
    } else if (data.event) {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'ERR_INTERNAL', message: 'The bridge connection closed' } });
    pending.clear();
  });

  const api = buildWireApi({
    async invoke(channel: Channel, input: unknown) {
      try {
        await opened;
      } catch {
        return { ok: false, error: { code: 'ERR_INTERNAL', message: 'Cannot reach the Signdesk bridge' } };
      }
      const id = nextId++;
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  Object.defineProperty(window, 'signdesk', { value: Object.freeze(api), writable: false, configurable: false });
}
