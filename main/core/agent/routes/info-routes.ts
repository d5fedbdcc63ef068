import openapi from '../openapi.json' with { type: 'json' };
import type { Route } from '../agent-context';
import { sendJson } from '../http/respond';

export const API_VERSION = 1;

/** `GET /v1/info` and `GET /v1/openapi.json`: no caller needed. */
export const infoRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/v1\/info$/,
    access: 'public',
    handle: (context, { response, cors }) =>
      sendJson(
        response,
        200,
        {
          product: context.product,
          version: context.version,
          apiVersion: API_VERSION,
          formats: context.signing.formats(),
          pairing: context.browsers,
        },
        cors,
      ),
  },
  {
    method: 'GET',
    path: /^\/v1\/openapi\.json$/,
    access: 'public',
    handle: (_context, { response, cors }) => sendJson(response, 200, openapi, cors),
  },
];
