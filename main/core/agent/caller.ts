import type { AgentCaller } from '../../../preload/contract/domains/agent';

/** Who is calling, once the request passed the Host, Origin and token checks. */
export type Caller =
  | { kind: 'origin'; id: string; origin: string }
  | { kind: 'token'; id: string; tokenId: string; label: string; prefix: string; keyId: string; origin: string | null };

export function originCaller(origin: string): Caller {
  return { kind: 'origin', id: `origin:${origin}`, origin };
}

export function callerView(caller: Caller): AgentCaller {
  return caller.kind === 'origin'
    ? { kind: 'origin', origin: caller.origin }
    : { kind: 'token', tokenId: caller.tokenId, label: caller.label, prefix: caller.prefix };
}
