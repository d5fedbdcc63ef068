import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../preload/contract/api';
import { createGuard } from '../core/api/guard';
import { contentSecurityPolicy } from '../core/api/content-security-policy';
import { readRendererAsset } from '../core/api/renderer-asset';
import { createHandlers } from '../core/api/handlers';
import type { Services } from '../core/services';

export interface BridgeOptions {
  services: Services;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  port?: number;
}

export interface BridgeServer {
  /** The page to open, carrying the per-run session secret. */
  url: string;
  origin: string;
  close(): Promise<void>;
}


/**
 * Serves the contract over WebSocket on 127.0.0.1 (per-run secret, Origin checked) and the built
 * renderer over HTTP, so a browser drives the real UI against the real core exactly as Electron would.
 */
export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const secret = randomBytes(24).toString('base64url');
  const rendererRoot = path.resolve(options.rendererDir);
  let origin = '';
  const csp = () => contentSecurityPolicy([origin.replace('http:', 'ws:')]);

  const server = http.createServer((request, response) => {
    void serveStatic(rendererRoot, request, response, csp());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const guard = createGuard(createHandlers(options.services), (sender) => sender.isMainFrame && sender.url === origin);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: 64 * 1024 * 1024,
    verifyClient: (info: { origin: string; req: http.IncomingMessage }) => info.origin === origin && hasSecret(info.req.url, secret),
  });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      let message: { id?: unknown; channel?: unknown; input?: unknown };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      if (typeof message.id !== 'number' || typeof message.channel !== 'string') return;
      const id = message.id;
      void guard(message.channel, { url: origin, isMainFrame: true }, message.input).then((envelope) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, envelope }));
      });
    });
  });
  const unsubscribers = eventNames.map((name) =>
    options.services.events.on(name, (payload) => {
      const text = JSON.stringify({ event: name, payload });
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
    }),
  );

  return {
    url: `${origin}/?session=${secret}`,
    origin,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hasSecret(url: string | undefined, secret: string): boolean {
  const given = new URL(url ?? '/', 'http://127.0.0.1').searchParams.get('session') ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(root: string, request: http.IncomingMessage, response: http.ServerResponse, csp: string): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  // The browser page is web.html: the same app, with the bridge client providing window.signdesk.
  const pathname = url.pathname === '/' || url.pathname === '/index.html' ? '/web.html' : url.pathname;
  const asset = request.method === 'GET' ? await readRendererAsset(root, pathname, csp) : undefined;
  if (!asset) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { ...asset.headers, 'cache-control': 'no-store' });
  response.end(asset.body);
}
