import { channels, type Channel } from '../../../preload/contract/channels';
import type { Handlers } from '../../../preload/contract/api';
import type { Envelope } from '../../../preload/contract/envelope';
import { SigndeskError, toErrorPayload } from '../../../preload/contract/errors';
import { originOf } from './origin-of';

/** Who is calling: the URL of the frame that sent the IPC message (Electron) or of the page (bridge). */
export interface CallSender {
  url: string;
  /** false for a subframe; only our top-level page may call. */
  isMainFrame: boolean;
}

export type { Handler, Handlers } from '../../../preload/contract/api';

export type GuardedCall = (channel: string, sender: CallSender, rawInput: unknown) => Promise<Envelope<unknown>>;

/**
 * The one door into main: sender check, then schema parse, then the handler, then a coded error.
 * The Electron shell and the bridge both register their transports through it.
 */
export function createGuard(handlers: Handlers, isTrustedSender: (sender: CallSender) => boolean): GuardedCall {
  return async (channel, sender, rawInput) => {
    try {
      if (!isTrustedSender(sender)) {
        throw new SigndeskError('ERR_FORBIDDEN_SENDER', 'The call did not come from the Signdesk window');
      }
      if (!Object.hasOwn(channels, channel)) {
        throw new SigndeskError('ERR_INPUT_INVALID', `Unknown channel ${JSON.stringify(channel)}`);
      }
      const name = channel as Channel;
      const parsed = channels[name].input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        // Only paths and messages go back: zod is not asked to echo input values, which may be PINs.
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        throw new SigndeskError('ERR_INPUT_INVALID', `Invalid input for ${name}`, { issues });
      }
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error) };
    }
  };
}

/** The renderer's own origin check: the app protocol in Electron, the bridge's own origin in a browser. */
export function senderFromOrigin(allowedOrigin: string): (sender: CallSender) => boolean {
  return (sender) => sender.isMainFrame && originOf(sender.url) === allowedOrigin;
}
