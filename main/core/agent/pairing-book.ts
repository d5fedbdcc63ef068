import { randomInt } from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import type { ConsentQueue } from './consent-queue';
import type { OriginStore } from './origin-store';
import { originCaller } from './caller';

export type PairingState = 'pending' | 'allowed' | 'denied' | 'expired';

export interface PairingTicket {
  id: string;
  origin: string;
  /** Shown by the page and in Signdesk's pairing window, so the user can tell the two belong together. */
  code: string;
  expiresAt: string;
  state: PairingState;
}

/** No 0/O, 1/I/L: the code is read off one screen and compared with another. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const KEEP_ANSWERS_MS = 10 * 60_000;

function pairingCode(): string {
  const chars = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 3).join('')}-${chars.slice(3).join('')}`;
}

/**
 * Pairing of web origins: the first request of an unknown origin opens one pairing window in the app (one at a
 * time per origin); the answer lands in the allow-list or, for a denial, in this run's refused origins.
 */
export class PairingBook {
  private readonly tickets = new Map<string, PairingTicket>();
  private readonly pendingByOrigin = new Map<string, PairingTicket>();
  private readonly denied = new Set<string>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly consent: ConsentQueue,
    private readonly origins: OriginStore,
    private readonly onAllowed: () => void,
  ) {}

  isDenied(origin: string): boolean {
    return this.denied.has(origin);
  }

  /** The pending pairing of this origin, or a new one shown to the user now. */
  request(origin: string): PairingTicket {
    if (this.denied.has(origin)) throw new SigndeskError('ERR_ORIGIN_REFUSED', `${origin} was denied in Signdesk`);
    const pending = this.pendingByOrigin.get(origin);
    if (pending) return pending;
    const release = this.consent.reserve(originCaller(origin).id);
    const code = pairingCode();
    const ticket: PairingTicket = { id: '', origin, code, expiresAt: '', state: 'pending' };
    const answer = this.consent.ask(
      { kind: 'pairing', caller: { kind: 'origin', origin }, code },
      async () => {
        this.origins.add(origin);
        this.onAllowed();
      },
      {
        onShown: (shown) => {
          ticket.id = shown.id;
          ticket.expiresAt = shown.expiresAt;
          this.tickets.set(ticket.id, ticket);
          this.pendingByOrigin.set(origin, ticket);
        },
      },
    );
    answer
      .then(
        () => 'allowed' as const,
        (error: unknown) => {
          if (error instanceof SigndeskError && error.code === 'ERR_CONSENT_DENIED') {
            this.denied.add(origin);
            return 'denied' as const;
          }
          return 'expired' as const;
        },
      )
      .then((state) => {
        release();
        ticket.state = state;
        this.pendingByOrigin.delete(origin);
        for (const wake of this.waiters.get(ticket.id) ?? []) wake();
        this.waiters.delete(ticket.id);
        setTimeout(() => this.tickets.delete(ticket.id), KEEP_ANSWERS_MS).unref();
      });
    return ticket;
  }

  get(id: string, origin: string): PairingTicket {
    const ticket = this.tickets.get(id);
    if (!ticket || ticket.origin !== origin) throw new SigndeskError('ERR_NOT_FOUND', 'No such pairing request for this origin');
    return ticket;
  }

  /** The ticket once answered, or as it is after `waitMs` (long polling). */
  async wait(id: string, origin: string, waitMs: number, signal: AbortSignal): Promise<PairingTicket> {
    const ticket = this.get(id, origin);
    if (ticket.state !== 'pending' || waitMs <= 0) return ticket;
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
    return ticket;
  }
}
