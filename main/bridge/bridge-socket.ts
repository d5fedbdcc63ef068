import { WebSocket } from 'ws';

/** What ws's own refusals mean, for the close frame's reason (ws sends only the code). */
const REASONS: Readonly<Record<number, string>> = {
  1002: 'protocol error (e.g. an unmasked client frame)',
  1007: 'invalid frame payload (e.g. not UTF-8)',
  1009: 'message too big',
};

/** The bridge's server-side socket: every close it sends says why, including the ones ws decides itself. */
export class BridgeSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code, data ?? (code === undefined ? undefined : REASONS[code]));
  }
}
