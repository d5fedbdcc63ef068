import { useCallback, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { AgentAccess, AgentCaller, AgentPendingRequest, AgentStatus } from '../../../../preload/contract/index';
import { api } from '../../api';

/** The agent's requests waiting for the user, kept current from `agentPending`. */
export function useAgentPending(): AgentPendingRequest[] {
  const [pending, setPending] = useState<AgentPendingRequest[]>([]);
  useEffect(() => {
    let live = true;
    const off = api().onAgentPending((list) => setPending(list));
    api()
      .agent.pending()
      .then((list) => live && setPending(list))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return pending;
}

/** Allowed origins and "allow for this session" allowances, kept current from `agentAccess`. */
export function useAgentAccess(): { access: AgentAccess; status: AgentStatus | null; error: unknown; reload(): void } {
  const [access, setAccess] = useState<AgentAccess>({ origins: [], sessions: [] });
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    api().agent.origins().then(setAccess, setError);
    api().agent.status().then(setStatus, setError);
  }, []);
  useEffect(() => {
    reload();
    return api().onAgentAccess(setAccess);
  }, [reload]);
  return { access, status, error, reload };
}

/** The requester as a person reads it: the website's origin, or the software's token label. */
export function callerText(caller: AgentCaller, t: TFunction<'agent'>): string {
  return caller.kind === 'origin' ? caller.origin : t('callerToken', { label: caller.label || caller.prefix, prefix: caller.prefix });
}
