import WebSocket from 'ws';

/** A raw WebSocket client of the bridge, as the page's bridge client would be: every frame it receives is kept. */
export interface BridgeSocket {
  socket: WebSocket;
  /** Every text frame received, in order (answers and events). */
  frames: string[];
  /** The connection id of the bridge's hello frame (uploads carry it). */
  connection: Promise<string>;
  call(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** Resolves with the first event frame of that name whose payload matches. */
  nextEvent(name: string, matches?: (payload: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Connects to `pageUrl` (the URL the bridge prints, with its session) the way the page does. */
export async function connectBridge(pageUrl: string, options: { origin?: string } = {}): Promise<BridgeSocket> {
  const page = new URL(pageUrl);
  const socket = new WebSocket(`ws://${page.host}/ws?session=${page.searchParams.get('session') ?? ''}`, { origin: options.origin ?? page.origin });
  const frames: string[] = [];
  let resolveConnection!: (id: string) => void;
  const connection = new Promise<string>((resolve) => (resolveConnection = resolve));
  const waiting = new Map<number, (envelope: never) => void>();
  const eventWaiters: Array<{ name: string; matches: (payload: Record<string, unknown>) => boolean; resolve: (payload: Record<string, unknown>) => void }> = [];
  socket.on('message', (data) => {
    const text = data.toString();
    frames.push(text);
    const message = JSON.parse(text) as { id?: number; envelope?: never; event?: string; payload?: Record<string, unknown>; hello?: { connection: string } };
    if (message.hello) resolveConnection(message.hello.connection);
    else if (typeof message.id === 'number') {
      waiting.get(message.id)?.(message.envelope!);
      waiting.delete(message.id);
    } else if (message.event) {
      for (const waiter of [...eventWaiters]) {
        if (waiter.name === message.event && waiter.matches(message.payload ?? {})) {
          eventWaiters.splice(eventWaiters.indexOf(waiter), 1);
          waiter.resolve(message.payload ?? {});
        }
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  return {
    socket,
    frames,
    connection,
    call(channel, input = {}) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve as (envelope: never) => void);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    nextEvent(name, matches = () => true) {
      return new Promise((resolve) => eventWaiters.push({ name, matches, resolve }));
    },
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.close();
      await closed;
    },
  };
}
