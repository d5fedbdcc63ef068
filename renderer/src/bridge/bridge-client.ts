import {
  BRIDGE_CONNECTION_HEADER,
  BRIDGE_SESSION_HEADER,
  BRIDGE_UPLOAD_PATH,
  MAX_BRIDGE_MESSAGE_BYTES,
  SigndeskError,
  buildWireApi,
  isErrorCode,
  type BridgeHello,
  type Channel,
  type EventName,
  type Envelope,
  type SigndeskUploadBridge,
} from '../../../preload/contract/index';

const SESSION_KEY = 'signdesk.bridge.session';
const encoder = new TextEncoder();

/**
 * Provides `window.signdesk` over the bridge's WebSocket, with exactly the preload's shape, and
 * `window.signdeskUploads`, which streams files to the bridge by HTTP PUT (never inside a frame).
 */
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
  let resolveConnection!: (id: string) => void;
  // The connection id arrives in the bridge's first frame; uploads carry it.
  const connection = new Promise<string>((resolve, reject) => {
    resolveConnection = resolve;
    socket.addEventListener('error', () => reject(new Error('bridge connection failed')), { once: true });
    socket.addEventListener('close', () => reject(new Error('bridge connection closed')), { once: true });
  });
  connection.catch(() => undefined);
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as Partial<BridgeHello> & { id?: number; envelope?: Envelope<unknown>; event?: EventName; payload?: unknown };
    if (data.hello) {
      resolveConnection(data.hello.connection);
    } else if (typeof data.id === 'number' && data.envelope) {
      pending.get(data.id)?.(data.envelope);
      pending.delete(data.id);
    } else if (data.event) {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    }
  });
  socket.addEventListener('close', (event) => {
    const reason = event.reason ? `: ${event.reason}` : '';
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'ERR_INTERNAL', message: `The bridge connection closed${reason}` } });
    pending.clear();
  });

  const api = buildWireApi({
    async invoke(channel: Channel, input: unknown) {
      try {
        await connection;
      } catch {
        return { ok: false, error: { code: 'ERR_INTERNAL', message: 'Cannot reach the Signdesk bridge' } };
      }
      const id = nextId++;
      const text = JSON.stringify({ id, channel, input });
      // The bridge closes the socket on a larger frame: refuse this one call instead.
      if (encoder.encode(text).byteLength > MAX_BRIDGE_MESSAGE_BYTES) {
        return { ok: false, error: { code: 'ERR_INPUT_INVALID', message: `Too much for one call (over ${MAX_BRIDGE_MESSAGE_BYTES} bytes)`, details: { limit: MAX_BRIDGE_MESSAGE_BYTES } } };
      }
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(text);
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  const uploads: SigndeskUploadBridge = {
    async upload(file, purpose) {
      let id: string;
      try {
        id = await connection;
      } catch {
        throw new SigndeskError('ERR_INTERNAL', 'Cannot reach the Signdesk bridge');
      }
      const target = `${BRIDGE_UPLOAD_PATH}?${new URLSearchParams({ purpose, name: file.name })}`;
      const response = await fetch(target, { method: 'PUT', body: file as unknown as Blob, headers: { [BRIDGE_SESSION_HEADER]: session, [BRIDGE_CONNECTION_HEADER]: id } });
      const envelope = (await response.json().catch(() => null)) as Envelope<{ path: string }> | null;
      if (envelope?.ok) return envelope.value;
      const error = envelope?.error;
      throw error && isErrorCode(error.code) ? SigndeskError.fromPayload(error) : new SigndeskError('ERR_INTERNAL', `The upload failed (HTTP ${response.status})`);
    },
  };
  Object.defineProperty(window, 'signdesk', { value: Object.freeze(api), writable: false, configurable: false });
  Object.defineProperty(window, 'signdeskUploads', { value: Object.freeze(uploads), writable: false, configurable: false });
}
