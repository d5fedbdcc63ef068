import { SigndeskError } from '../../../preload/contract/errors';

/**
 * A DNS-rebinding page reaches 127.0.0.1 under its own name, and its requests carry that name in `Host`. Only the
 * loopback names of this very port are ours.
 */
export function checkHost(host: string | undefined, port: number): void {
  const value = (host ?? '').toLowerCase();
  if (value !== `127.0.0.1:${port}` && value !== `localhost:${port}`) {
    throw new SigndeskError('ERR_HOST_REFUSED', `Host ${JSON.stringify(host ?? '')} is not this agent (127.0.0.1:${port})`);
  }
}
