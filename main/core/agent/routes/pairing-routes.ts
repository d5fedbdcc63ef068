import { z } from 'zod';
import type { Route } from '../agent-context';
import type { PairingTicket } from '../pairing-book';
import { sendJson } from '../http/respond';

export function pairingView(ticket: PairingTicket) {
  return { id: ticket.id, origin: ticket.origin, code: ticket.code, state: ticket.state, expiresAt: ticket.expiresAt, url: `/v1/pairing/${ticket.id}` };
}

const waitSchema = z.coerce.number().int().min(0).max(600).default(0);

/**
 * `POST /v1/pairing` (a CORS-simple request: no preflight) shows the pairing window in Signdesk and answers at
 * once with the code the page must display; `GET /v1/pairing/{id}?wait=S` waits up to S seconds for the answer.
 */
export const pairingRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/pairing$/,
    access: 'pairing',
    handle(context, { response, origin, cors }) {
      if (context.origins.has(origin!)) {
        sendJson(response, 200, { id: null, origin, code: null, state: 'allowed', expiresAt: null, url: null }, cors);
        return;
      }
      sendJson(response, 202, pairingView(context.pairing.request(origin!)), cors);
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/pairing\/(?<id>[0-9a-f-]{36})$/,
    access: 'pairing',
    async handle(context, { response, origin, cors, params, url, signal }) {
      const waitSeconds = waitSchema.parse(url.searchParams.get('wait') ?? undefined);
      const ticket = await context.pairing.wait(params.id!, origin!, Math.min(waitSeconds * 1000, context.limits.maxPairingWaitMs), signal);
      sendJson(response, 200, pairingView(ticket), cors);
    },
  },
];
