import { SigndeskError } from '../../../preload/contract/errors';
import { agentPortFromEnv, DEFAULT_AGENT_PORT } from '../../core/agent';
import { defineCommand, flagOption, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS } from './key-secret-provider';
import { approveUnattended, askOnTerminal } from './serve-consent';

function parsePort(text: string | undefined, env: NodeJS.ProcessEnv): number {
  if (text === undefined) return agentPortFromEnv(env) ?? DEFAULT_AGENT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SigndeskError('ERR_USAGE', `--port must be a port number (0: any free one), not ${text}`);
  return port;
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'The signing agent without the app: loopback HTTP API for software with access tokens; consent on this terminal or --unattended',
  usage: 'signdesk serve [--port N] [--unattended --key KEYID [--pin-env NAME | --pass-env NAME]]',
  options: { port: { type: 'string' }, unattended: { type: 'boolean' }, key: { type: 'string' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    if (args.positionals.length > 0) throw new SigndeskError('ERR_USAGE', `Unknown argument ${args.positionals[0]}. Usage: ${this.usage}`);
    const port = parsePort(stringOption(args, 'port'), ctx.env);
    const services = ctx.core();
    let stopConsent: () => void;
    if (flagOption(args, 'unattended')) {
      const keyId = stringOption(args, 'key');
      if (!keyId) throw new SigndeskError('ERR_USAGE', '--unattended needs --key KEYID (a cabinet key id, see `signdesk keys`)');
      const key = await services.agent.keys.get(keyId);
      const pinEnv = stringOption(args, 'pin-env');
      const passEnv = stringOption(args, 'pass-env');
      const envName = pinEnv ?? passEnv;
      const secret = envName === undefined ? undefined : await ctx.readSecret({ envName, kind: pinEnv ? 'pin' : 'password', prompt: '' });
      // The PIN is proven now, not at the first request: a wrong one stops the service before it starts.
      const opened = await services.keys.open(key.keyRef, async () => secret ?? null);
      await (opened as { close?(): Promise<void> | void }).close?.();
      stopConsent = approveUnattended(services.agent, keyId, secret, ctx);
    } else {
      if (!ctx.interactive) {
        throw new SigndeskError('ERR_USAGE', 'signdesk serve asks consent for each request on its terminal: run it on one, or give --unattended --key KEYID --pin-env NAME');
      }
      stopConsent = askOnTerminal(services.agent, ctx);
    }
    const server = await services.agent.listen({ port, browsers: false });
    ctx.print(`Signdesk agent: ${server.url}`);
    ctx.emitJson({ url: server.url, port: server.port });
    if (!ctx.json) ctx.note('Web pages are refused here (pair them with the Signdesk app); software calls with a key’s access token. Ctrl-C stops.');
    await untilStopped();
    stopConsent();
    return EXIT_OK;
  },
});
