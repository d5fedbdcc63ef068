import type http from 'node:http';
import { createHash } from 'node:crypto';
import { SigndeskError, isSigndeskError } from '../../../preload/contract/errors';
import type { AgentContext, Route, RouteRequest } from './agent-context';
import type { RateLimiter } from './rate-limiter';
import { originCaller, type Caller } from './caller';
import { checkHost } from './host-check';
import { parseOrigin } from './origin';
import { sendError } from './http/respond';
import { pairingView } from './routes/pairing-routes';

const BEARER = /^Bearer (sdk_[A-Za-z0-9_-]{16,100})$/;

function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'retry-after, content-disposition, location' };
}

function match(routes: readonly Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | { allowed: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const found = route.path.exec(pathname);
    if (!found) continue;
    if (route.method === method) return { route, params: { ...found.groups } };
    allowed.push(route.method);
  }
  return { allowed };
}

/** Bucket key before any lookup: the origin, a digest of the bearer token, or everyone else together. */
function rateKey(origin: string | null, authorization: string | undefined): string {
  if (origin !== null) return `origin:${origin}`;
  if (authorization !== undefined) return `bearer:${createHash('sha256').update(authorization).digest('hex').slice(0, 16)}`;
  return 'anonymous';
}

/**
 * Who may call: a token (`Authorization: Bearer sdk_…`) grants its key, checked on every request so a revoked
 * token fails at once; a web page is its `Origin`, which must be on the allow-list. An unknown origin's request
 * opens the pairing window and is answered ERR_PAIRING_REQUIRED with the code the page must show.
 */
function resolveCaller(context: AgentContext, request: http.IncomingMessage, origin: string | null): Caller {
  const authorization = request.headers.authorization;
  if (origin !== null && !context.origins.has(origin)) {
    const ticket = context.pairing.request(origin);
    throw new SigndeskError('ERR_PAIRING_REQUIRED', `${origin} is not allowed yet: the user is asked in Signdesk; show the code ${ticket.code}`, { pairing: pairingView(ticket) });
  }
  if (origin !== null) context.origins.touch(origin);
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw new SigndeskError('ERR_UNAUTHORIZED', 'Authorization must be "Bearer sdk_…" with a key’s access token');
    const info = context.tokens().lookup(token);
    return { kind: 'token', id: `token:${info.id}`, tokenId: info.id, label: info.label, prefix: info.prefix, keyId: info.keyId, origin };
  }
  if (origin === null) throw new SigndeskError('ERR_UNAUTHORIZED', 'Send Authorization: Bearer sdk_… (software), or call from a web page paired with Signdesk');
  return originCaller(origin);
}

/** The agent's one request listener: Host, Origin, rate limit, preflight, route, caller, then the route. */
export function createAgentRequestHandler(context: AgentContext, routes: readonly Route[], limiter: RateLimiter, port: () => number): http.RequestListener {
  return (request, response) => {
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    let cors: Record<string, string> = {};
    const handle = async () => {
      checkHost(request.headers.host, port());
      const origin = request.headers.origin === undefined ? null : parseOrigin(request.headers.origin);
      limiter.take(rateKey(origin, request.headers.authorization));
      if (origin !== null && !context.browsers) {
        throw new SigndeskError('ERR_ORIGIN_REFUSED', 'This agent (signdesk serve) accepts software with access tokens only; web pages pair with the Signdesk app');
      }
      if (origin !== null && context.pairing.isDenied(origin)) throw new SigndeskError('ERR_ORIGIN_REFUSED', `${origin} was denied in Signdesk`);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      if (method === 'OPTIONS') return preflight(context, routes, request, response, origin, url.pathname);
      const found = match(routes, method, url.pathname);
      if ('allowed' in found) {
        if (found.allowed.length === 0) throw new SigndeskError('ERR_NOT_FOUND', `No route ${url.pathname}`);
        throw new SigndeskError('ERR_INPUT_INVALID', `${url.pathname} takes ${found.allowed.join(', ')}`);
      }
      const { route, params } = found;
      if (route.access === 'pairing' && origin === null) throw new SigndeskError('ERR_ORIGIN_REFUSED', 'Pairing is for web pages: the request has no Origin');
      // Public and pairing answers are readable by any origin; everything else by allowed origins only.
      if (origin !== null && (route.access !== 'caller' || context.origins.has(origin))) cors = corsHeaders(origin);
      let caller: Caller | null = null;
      if (route.access === 'caller') {
        try {
          caller = resolveCaller(context, request, origin);
        } catch (error) {
          if (isSigndeskError(error, 'ERR_PAIRING_REQUIRED') && origin !== null) cors = corsHeaders(origin);
          throw error;
        }
      }
      const routeRequest: RouteRequest = { request, response, url, params, origin, caller, cors, signal: controller.signal };
      await route.handle(context, routeRequest);
    };
    handle().catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      // A body nobody read (refused before or during the upload): the connection closes after the answer. What
      // has arrived of it is read and dropped meanwhile: a socket closed with unread data is reset, and a reset
      // can reach the caller before the answer does.
      if (!request.complete) request.resume();
      sendError(response, error, { headers: cors, close: !request.complete });
      if (!request.complete) setTimeout(() => request.socket.destroy(), 2_000).unref();
    });
  };
}

function preflight(
  context: AgentContext,
  routes: readonly Route[],
  request: http.IncomingMessage,
  response: http.ServerResponse,
  origin: string | null,
  pathname: string,
): void {
  if (origin === null) throw new SigndeskError('ERR_ORIGIN_REFUSED', 'A preflight without Origin');
  const route = routes.find((candidate) => candidate.path.test(pathname));
  if (!route) throw new SigndeskError('ERR_NOT_FOUND', `No route ${pathname}`);
  // Unknown origins may only reach what they can use before pairing; they learn of the rest by pairing.
  if (route.access === 'caller' && !context.origins.has(origin)) throw new SigndeskError('ERR_PAIRING_REQUIRED', `${origin} is not paired: POST /v1/pairing first`);
  const headers: Record<string, string> = {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'GET, POST, DELETE',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-max-age': '600',
  };
  // Chrome's Private Network Access preflight (before its Local Network Access prompt replaced it).
  if (request.headers['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
  response.writeHead(204, headers);
  response.end();
}
