import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The agent's fixed port: web pages find it there (or on the next few, see FALLBACK_PORTS). */
export const DEFAULT_AGENT_PORT = 47350;
export const FALLBACK_PORTS = 9;

function tryListen(server: http.Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Listens on 127.0.0.1 only: on `port`, else the next `fallbacks` ports, else any free port (0: any at once).
 * Resolves to the port taken.
 */
export async function listenLoopback(server: http.Server, port: number, fallbacks = FALLBACK_PORTS): Promise<number> {
  const candidates = port === 0 ? [0] : [...Array.from({ length: fallbacks + 1 }, (_, index) => port + index).filter((p) => p <= 65535), 0];
  for (const candidate of candidates) {
    if (await tryListen(server, candidate)) return (server.address() as AddressInfo).port;
  }
  throw new Error('No loopback port could be bound');
}
