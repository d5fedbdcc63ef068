import { timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to the bridge: requests addressed to the bound loopback address (the Host header — a DNS-rebound
 * name such as attacker.example:PORT is refused), from the bridge's own page (the Origin header), carrying the
 * per-run session secret.
 */
export interface BridgeAccess {
  /** The page's origin as printed (`http://127.0.0.1:PORT`). */
  readonly origin: string;
  /** Every origin the page may have: the printed one and its `localhost` spelling. */
  readonly origins: readonly string[];
  hostAllowed(host: string | undefined): boolean;
  originAllowed(origin: string | undefined): boolean;
  secretMatches(given: string | null | undefined): boolean;
}

export function bridgeAccess(port: number, secret: string): BridgeAccess {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = [...hosts].map((host) => `http://${host}`);
  const expected = Buffer.from(secret);
  return {
    origin: origins[0]!,
    origins,
    hostAllowed: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    originAllowed: (origin) => origin !== undefined && origins.includes(origin),
    secretMatches(given) {
      const bytes = Buffer.from(given ?? '');
      return bytes.length === expected.length && timingSafeEqual(bytes, expected);
    },
  };
}
