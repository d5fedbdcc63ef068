import net from 'node:net';
import { isSigndeskError } from '../../preload/contract/errors';

/** The SigndeskError code a call ends with, `resolved` when it succeeds, or `not coded: …` for anything else. */
export async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return isSigndeskError(error) ? error.code : `not coded: ${String(error)}`;
  }
  return 'resolved';
}

/** A loopback port nothing listens on (it was free a moment ago): an unreachable server for tests. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
