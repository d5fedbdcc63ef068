import { useAgentPending } from './use-agent';
import { PairingDialog } from './PairingDialog';
import { ConsentDialog } from './ConsentDialog';
import './i18n';
import './agent.css';

/** The oldest waiting pairing or signing request, as a modal dialog over whatever screen is open. */
export function AgentRequests() {
  const pending = useAgentPending();
  const request = pending[0];
  if (!request) return null;
  return request.kind === 'pairing' ? <PairingDialog key={request.id} request={request} /> : <ConsentDialog key={request.id} request={request} />;
}
