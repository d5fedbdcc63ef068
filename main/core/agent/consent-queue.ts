import { randomUUID } from 'node:crypto';
import type { AgentPairingRequest, AgentPendingRequest, AgentSigningRequest } from '../../../preload/contract/domains/agent';
import { SigndeskError, toErrorPayload, type ErrorCode } from '../../../preload/contract/errors';

/** The user's answer: the key's PIN or password (typed in Signdesk) and whether to allow this caller for the session. */
export interface ConsentDecision {
  secret: string | undefined;
  forSession: boolean;
}

export type NewConsentRequest = Omit<AgentPairingRequest, 'id' | 'createdAt' | 'expiresAt'> | Omit<AgentSigningRequest, 'id' | 'createdAt' | 'expiresAt' | 'approving'>;

/** Answers after which the same request may be approved again: a mistyped PIN, a token not yet inserted. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_PIN_INCORRECT',
  'ERR_PIN_REQUIRED',
  'ERR_PASSWORD_INCORRECT',
  'ERR_PASSWORD_REQUIRED',
  'ERR_TOKEN_NOT_PRESENT',
  'ERR_TOKEN_NOT_FOUND',
]);

interface Entry {
  request: AgentPendingRequest;
  approve(decision: ConsentDecision): Promise<unknown>;
  settle(outcome: { value: unknown } | { error: unknown }): void;
  timer: NodeJS.Timeout;
  approving: boolean;
  expired: boolean;
}

export interface ConsentQueueOptions {
  /** How long a request waits for the user before the caller gets ERR_CONSENT_TIMEOUT. */
  timeoutMs: number;
  now?: () => Date;
}

/**
 * Pairing and signing requests waiting for the user, oldest first. Each caller has one slot: while one of its
 * requests waits (or uploads), another gets ERR_CONSENT_PENDING. Denial, timeout and the caller going away end
 * a request with a coded error; nothing is signed unless `approve` runs, and it runs only on the user's answer.
 */
export class ConsentQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly slots = new Set<string>();
  private readonly listeners = new Set<(pending: AgentPendingRequest[]) => void>();
  private readonly now: () => Date;

  constructor(private readonly options: ConsentQueueOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Takes the caller's one slot; the returned function gives it back. */
  reserve(callerId: string): () => void {
    if (this.slots.has(callerId)) throw new SigndeskError('ERR_CONSENT_PENDING', 'Another request from this caller is waiting for the user');
    this.slots.add(callerId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.slots.delete(callerId);
    };
  }

  /**
   * Shows the request to the user and resolves with what `approve` returns once they allow it. `signal`: the
   * caller went away (the request is withdrawn); `onShown` receives the request as listed (its id, expiry).
   */
  ask<T>(
    request: NewConsentRequest,
    approve: (decision: ConsentDecision) => Promise<T>,
    options: { signal?: AbortSignal; onShown?: (shown: AgentPendingRequest) => void } = {},
  ): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new SigndeskError('ERR_CANCELLED', 'The caller went away'));
    const id = randomUUID();
    const created = this.now();
    const full = {
      ...request,
      id,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + this.options.timeoutMs).toISOString(),
    } as AgentPendingRequest;
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        request: full,
        approve,
        settle: (outcome) => ('value' in outcome ? resolve(outcome.value as T) : reject(outcome.error)),
        timer: setTimeout(() => this.expire(id), this.options.timeoutMs),
        approving: false,
        expired: false,
      };
      this.entries.set(id, entry);
      signal?.addEventListener('abort', () => this.withdraw(id), { once: true });
      options.onShown?.(full);
      this.changed();
    });
  }

  list(): AgentPendingRequest[] {
    return [...this.entries.values()].map((entry) => (entry.request.kind === 'signing' ? { ...entry.request, approving: entry.approving } : entry.request));
  }

  /**
   * The user's answer. Allow runs the approval (opens the key, starts signing); a wrong PIN or a missing token
   * rejects here and leaves the request waiting for another try, any other failure ends it for the caller too.
   */
  async decide(id: string, allow: boolean, decision: ConsentDecision): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) throw new SigndeskError('ERR_NOT_FOUND', 'This request is no longer waiting');
    if (entry.approving) throw new SigndeskError('ERR_BUSY', 'This request is already being carried out');
    if (!allow) {
      this.finish(id, { error: new SigndeskError('ERR_CONSENT_DENIED', 'The user declined the request in Signdesk') });
      return;
    }
    entry.approving = true;
    this.changed();
    try {
      const value = await entry.approve(decision);
      this.finish(id, { value });
    } catch (error) {
      if (RETRYABLE.has(toErrorPayload(error).code) && !entry.expired) {
        entry.approving = false;
        this.changed();
      } else {
        this.finish(id, { error });
      }
      throw error;
    }
  }

  /** Ends a waiting request with this error for its caller (an unattended approver that cannot retry). */
  reject(id: string, error: unknown): void {
    const entry = this.entries.get(id);
    if (entry && !entry.approving) this.finish(id, { error });
  }

  onChange(listener: (pending: AgentPendingRequest[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends every waiting request with ERR_CANCELLED (the app is closing). */
  close(): void {
    for (const [id, entry] of this.entries) {
      if (!entry.approving) this.finish(id, { error: new SigndeskError('ERR_CANCELLED', 'Signdesk is closing') });
    }
  }

  private withdraw(id: string): void {
    const entry = this.entries.get(id);
    if (entry && !entry.approving) this.finish(id, { error: new SigndeskError('ERR_CANCELLED', 'The caller went away') });
  }

  private expire(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.expired = true;
    // An approval under way finishes; a failed one then ends the request (see decide).
    if (!entry.approving) this.finish(id, { error: new SigndeskError('ERR_CONSENT_TIMEOUT', 'Nobody answered the request in Signdesk in time') });
  }

  private finish(id: string, outcome: { value: unknown } | { error: unknown }): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(id);
    entry.settle(outcome);
    this.changed();
  }

  private changed(): void {
    const pending = this.list();
    for (const listener of this.listeners) listener(pending);
  }
}
