import { MAX_BRIDGE_JSON_DEPTH, MAX_BRIDGE_MESSAGE_BYTES } from '../../preload/contract/bridge-wire';

export interface BridgeCall {
  id: number;
  channel: string;
  input: unknown;
}

/** A frame the bridge refuses: the socket is closed with this WebSocket close code and reason (≤ 123 bytes). */
export interface FrameRefusal {
  code: number;
  reason: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * One page frame → a call, or why it is refused. The cheap checks come first: the size, then the nesting depth
 * by one pass over the bytes (a deep `[[[[…` costs JSON.parse seconds and gigabytes), and only then JSON.parse.
 */
export function parseCallFrame(data: Buffer, isBinary: boolean): BridgeCall | FrameRefusal {
  if (isBinary) return { code: 1003, reason: 'binary frames are not accepted' };
  if (data.byteLength > MAX_BRIDGE_MESSAGE_BYTES) return { code: 1009, reason: 'message too big' };
  if (nestingDepth(data) > MAX_BRIDGE_JSON_DEPTH) return { code: 1008, reason: `JSON nested deeper than ${MAX_BRIDGE_JSON_DEPTH} levels` };
  let message: unknown;
  try {
    message = JSON.parse(data.toString('utf8'));
  } catch {
    return { code: 1007, reason: 'not JSON' };
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return notACall();
  const { id, channel, input } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || typeof channel !== 'string' || channel.length > 100) return notACall();
  return { id, channel, input };
}

export function isRefusal(verdict: BridgeCall | FrameRefusal): verdict is FrameRefusal {
  return 'reason' in verdict;
}

function notACall(): FrameRefusal {
  return { code: 1008, reason: 'not a call: {id, channel, input} expected' };
}

/** The deepest nesting of arrays and objects, outside strings. UTF-8 continuation bytes never equal these ASCII ones. */
function nestingDepth(bytes: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_BRIDGE_JSON_DEPTH) return deepest;
    } else if (CLOSERS.has(byte)) depth--;
  }
  return deepest;
}
