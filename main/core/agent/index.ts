/**
 * The local signing agent: a loopback HTTP API (`/v1/…`, described by `openapi.json`) for web pages (paired by
 * origin) and accounting software (a key's access token), with the user's consent for every signature.
 * - `new AgentService(deps)`; `listen({ port?, browsers? })` serves on 127.0.0.1 and writes `<dataDir>/agent.json`.
 * - `createAgentHandlers(() => agent)`: the `agent:*` channels (pending requests, decide, origins, sessions).
 * - `AgentSigning` is the one seam to the signing core (`createQueueAgentSigning` today).
 */
export { AgentService, type AgentServiceDeps, type AgentListenOptions, type AgentServer } from './agent-service';
export { createAgentHandlers } from './agent-handlers';
export { createQueueAgentSigning, type QueueAgentSigningDeps } from './queue-agent-signing';
export type { AgentSigning, AgentFormat, AgentDocument, DocumentsRequest, HashRequest, AgentItem, KeySecret, Packaging } from './agent-signing';
export { DEFAULT_AGENT_LIMITS, type AgentLimits } from './agent-context';
export { DEFAULT_AGENT_PORT, FALLBACK_PORTS } from './listen-loopback';
export { PORT_FILE, readPortFile, type PortFileContent } from './port-file';
export { agentPortFromEnv } from './agent-port-env';
export { agentRoutes } from './routes';
export type { ConsentDecision } from './consent-queue';
