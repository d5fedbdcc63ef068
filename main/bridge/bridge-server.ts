import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { eventNames } from '../../preload/contract/api';
import { BRIDGE_UPLOAD_PATH, MAX_BRIDGE_MESSAGE_BYTES, type BridgeHello } from '../../preload/contract/bridge-wire';
import { createGuard } from '../core/api/guard';
import { contentSecurityPolicy } from '../core/api/content-security-policy';
import { readRendererAsset } from '../core/api/renderer-asset';
import { createHandlers } from '../core/api/handlers';
import { UploadStore } from '../core/files/index';
import type { Services } from '../core/services';
import { bridgeAccess } from './bridge-access';
import { BridgeSocket } from './bridge-socket';
import { isRefusal, parseCallFrame } from './parse-call-frame';
import { createUploadRoute } from './upload-route';

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
 * Open page connections at once. One tab needs one; a few tabs and reloads (a closed socket stops counting) fit.
 * Each may hold a call frame of MAX_BRIDGE_MESSAGE_BYTES in memory, so this bounds that memory too.
 */
export const MAX_BRIDGE_CONNECTIONS = 8;

/**
 * Serves the contract over WebSocket on 127.0.0.1 (per-run secret, Origin and Host checked) and the built renderer
 * over HTTP, so a browser drives the real UI against the real core exactly as Electron would. Whatever a page sends,
 * the process stays up: a frame that is not a well-formed call closes that socket with a code and a reason.
 */
export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const secret = randomBytes(24).toString('base64url');
  const rendererRoot = path.resolve(options.rendererDir);
  const uploads = new UploadStore(options.services.dataDir);
  await uploads.removeStale();
  const connections = new Map<string, BridgeSocket>();
  // Requests are answered once the port, hence the Host and Origin to expect, is known.
  let handle: http.RequestListener = (_request, response) => void response.writeHead(503, { connection: 'close' }).end();
  const server = http.createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const allowed = bridgeAccess(port, secret);
  const uploadRoute = createUploadRoute({ access: allowed, uploads, isConnection: (id) => connections.has(id) });
  const csp = contentSecurityPolicy(allowed.origins.map((origin) => origin.replace('http:', 'ws:')));
  handle = (request, response) => {
    const url = requestUrl(request);
    if (!allowed.hostAllowed(request.headers.host) || !url) {
      response.writeHead(url ? 421 : 400, { connection: 'close' }).end();
      return;
    }
    const served = url.pathname === BRIDGE_UPLOAD_PATH ? uploadRoute(request, response) : serveStatic(rendererRoot, url, request, response, csp);
    served.catch(() => response.destroy());
  };

  const guard = createGuard(createHandlers(options.services), (sender) => sender.isMainFrame && sender.url === allowed.origin);
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_BRIDGE_MESSAGE_BYTES,
    WebSocket: BridgeSocket,
    verifyClient: (info: { origin: string; req: http.IncomingMessage }) =>
      allowed.hostAllowed(info.req.headers.host) && allowed.originAllowed(info.origin) && allowed.secretMatches(requestUrl(info.req)?.searchParams.get('session')),
  });
  // The HTTP server's own errors after listening (e.g. out of file descriptors) are reported, never fatal.
  wss.on('error', (error) => process.emitWarning(`bridge: ${error.message}`));
  wss.on('connection', (socket: BridgeSocket) => {
    // ws reports a bad frame (unmasked, too big, bad UTF-8) here after closing the socket with its code: nothing more to do.
    socket.on('error', () => undefined);
    if (connections.size >= MAX_BRIDGE_CONNECTIONS) {
      socket.close(1013, `too many connections (at most ${MAX_BRIDGE_CONNECTIONS})`);
      return;
    }
    const id = randomBytes(16).toString('base64url');
    connections.set(id, socket);
    socket.on('close', () => {
      connections.delete(id);
      void uploads.endSession(id).catch((error: unknown) => process.emitWarning(`bridge: ${(error as Error).message}`));
    });
    sendJson(socket, { hello: { connection: id } } satisfies BridgeHello);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const call = parseCallFrame(data, isBinary);
      if (isRefusal(call)) {
        socket.close(call.code, call.reason);
        return;
      }
      void guard(call.channel, { url: allowed.origin, isMainFrame: true }, call.input).then((envelope) => sendJson(socket, { id: call.id, envelope }));
    });
  });
  const unsubscribers = eventNames.map((name) =>
    options.services.events.on(name, (payload) => {
      for (const socket of connections.values()) sendJson(socket, { event: name, payload });
    }),
  );

  return {
    url: `${allowed.origin}/?session=${secret}`,
    origin: allowed.origin,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const socket of connections.values()) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await uploads.close();
    },
  };
}

/** A message to one page; one that cannot be encoded closes that socket (1011) instead of throwing into the core. */
function sendJson(socket: BridgeSocket, value: unknown): void {
  if (socket.readyState !== socket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    socket.close(1011, 'an answer could not be encoded');
    return;
  }
  socket.send(text);
}

/** The request's path and query; null for a request-target that is no URL path (`//[`). */
function requestUrl(request: http.IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://bridge');
  } catch {
    return null;
  }
}

async function serveStatic(root: string, url: URL, request: http.IncomingMessage, response: http.ServerResponse, csp: string): Promise<void> {
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
