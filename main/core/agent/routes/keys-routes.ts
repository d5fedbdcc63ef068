import type { Route } from '../agent-context';
import type { AgentKey } from '../agent-keys';
import { sendJson } from '../http/respond';

/** What a caller sees of a key: no KeyRef (token URIs and file paths stay inside Signdesk). */
export function publicKey(key: AgentKey) {
  const { keyRef: _keyRef, ...rest } = key;
  return rest;
}

/** `GET /v1/keys`: the keys the caller may sign with (a token: its one key) and their certificates. */
export const keysRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/v1\/keys$/,
    access: 'caller',
    async handle(context, { response, caller, cors }) {
      const keys = caller!.kind === 'token' ? [await context.keys.get(caller!.keyId)] : await context.keys.list();
      sendJson(response, 200, { keys: keys.map(publicKey) }, cors);
    },
  },
];
