import path from 'node:path';
import { createServices } from '../core/services';
import { resolveDataDir } from '../core/storage/data-dir';
import { startBridge } from './bridge-server';
import { agentPortFromEnv } from '../core/agent';

declare const __SIGNDESK_VERSION__: string | undefined;

/** `npm run dev:web`: the core on SIGNDESK_DATA_DIR (or the OS default), the UI for any browser on loopback. */
const services = createServices({
  dataDir: resolveDataDir(),
  runtime: 'bridge',
  version: typeof __SIGNDESK_VERSION__ === 'string' ? __SIGNDESK_VERSION__ : '0.0.0',
});
const port = process.env.SIGNDESK_BRIDGE_PORT ? Number(process.env.SIGNDESK_BRIDGE_PORT) : 0;
const bridge = await startBridge({ services, rendererDir: path.resolve(import.meta.dirname, '../renderer'), port });
// The signing agent serves here too: its pairing and consent requests reach this UI like the app's window.
// It is listening (and agent.json written) before the UI line tells anyone to go ahead.
const agentPort = agentPortFromEnv();
if (agentPort !== null) {
  const agent = await services.agent.listen({ port: agentPort });
  process.stdout.write(`Signdesk agent: ${agent.url}\n`);
}
process.stdout.write(`Signdesk UI: ${bridge.url}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await bridge.close();
  await services.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
