import type { AgentSigningRequest } from '../../../preload/contract/domains/agent';
import type { AgentContext } from './agent-context';
import { keyView, type AgentKey } from './agent-keys';
import { callerView, type Caller } from './caller';
import type { KeySecret } from './agent-signing';

/** Documents listed in the consent window (the count is always the whole number). */
const LISTED_DOCUMENTS = 1000;

export type SigningSummary = Pick<AgentSigningRequest, 'operation' | 'format' | 'packaging' | 'packet' | 'visible' | 'timestamp' | 'documents' | 'hash'>;

/**
 * Takes the caller's one consent slot unless an "allow for this session" covers this caller and key: then
 * nothing waits for the user. Returns the function that gives the slot back.
 */
export function reserveConsent(context: AgentContext, caller: Caller, key: AgentKey): () => void {
  if (context.sessions.find(caller.id, key.id)) return () => undefined;
  return context.consent.reserve(caller.id);
}

/**
 * Asks the user (or uses this session's allowance) and then runs `sign` with the PIN or password they typed.
 * Nothing is signed before that; a wrong PIN keeps the request waiting for another try.
 */
export async function withConsent<T>(
  context: AgentContext,
  caller: Caller,
  key: AgentKey,
  summary: SigningSummary,
  sign: (secret: KeySecret) => Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  const allowance = context.sessions.find(caller.id, key.id);
  if (allowance) {
    const result = await sign(allowance.secret);
    allowance.use();
    return result;
  }
  const documents = summary.documents;
  return context.consent.ask(
    {
      kind: 'signing',
      caller: callerView(caller),
      key: keyView(key),
      secretKind: key.storage === 'token' ? 'pin' : 'password',
      operation: summary.operation,
      format: summary.format,
      packaging: summary.packaging,
      packet: summary.packet ?? null,
      visible: summary.visible,
      timestamp: summary.timestamp,
      hash: summary.hash,
      count: summary.hash ? 1 : documents.length,
      totalBytes: documents.reduce((sum, document) => sum + document.size, 0),
      documents: documents.slice(0, LISTED_DOCUMENTS),
    },
    async (decision) => {
      const result = await sign(decision.secret);
      if (decision.forSession) context.sessions.add(caller, key, decision.secret);
      return result;
    },
    { signal },
  );
}
