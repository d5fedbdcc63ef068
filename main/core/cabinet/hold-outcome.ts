import type { BlockResult } from '../../../preload/contract/domains/cabinet';
import { isSigndeskError } from '../../../preload/contract/errors';

/** How a failed CMP hold request (rr certificateHold) is reported next to the local block; undefined: a bug, rethrow. */
export function holdOutcome(error: unknown): Pick<BlockResult, 'ca' | 'errorCode'> | undefined {
  if (isSigndeskError(error, 'ERR_NETWORK')) return { ca: 'unreachable', errorCode: 'ERR_NETWORK' };
  if (isSigndeskError(error, 'ERR_CA_REJECTED')) return { ca: 'refused', errorCode: 'ERR_CA_REJECTED' };
  if (isSigndeskError(error) && error.code !== 'ERR_INTERNAL') return { ca: 'failed', errorCode: error.code };
  return undefined;
}
