import type { Handler } from '../../../preload/contract/api';
import type { agentChannels } from '../../../preload/contract/domains/agent';
import type { AgentService } from './agent-service';

type AgentHandlers = { [C in keyof typeof agentChannels]: Handler<C> };

/** The `agent:*` channels: what the window shows of the agent and the user's answers. */
export function createAgentHandlers(agent: () => AgentService): AgentHandlers {
  return {
    'agent:status': () => agent().status(),
    'agent:pending': () => agent().pending(),
    'agent:decide': (input) => agent().decide(input),
    'agent:origins': () => agent().access(),
    'agent:revokeOrigin': ({ origin }) => agent().revokeOrigin(origin),
    'agent:stopSession': ({ id }) => agent().stopSession(id),
  };
}
