import { SigndeskError } from '../../../preload/contract/errors';
import { DEFAULT_AGENT_PORT } from './listen-loopback';

/**
 * The agent's port from `SIGNDESK_AGENT_PORT` (0: any free port), or the default; null when `SIGNDESK_AGENT=off`
 * (the app and the bridge then do not serve the API).
 */
export function agentPortFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  if (env.SIGNDESK_AGENT === 'off') return null;
  const text = env.SIGNDESK_AGENT_PORT;
  if (text === undefined || text === '') return DEFAULT_AGENT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SigndeskError('ERR_USAGE', `SIGNDESK_AGENT_PORT must be a port number, not ${text}`);
  return port;
}
