import { tokenKey, type TokenInfo } from './token-info';

export interface TokenChange {
  type: 'inserted' | 'removed';
  token: TokenInfo;
}

/**
 * Polls the token list (never a blocking C_WaitForSlotEvent) and reports tokens that appeared or went away.
 * The first poll sets the baseline and reports nothing. Polls never overlap; the timer does not keep Node alive.
 */
export class TokenWatcher {
  private timer: NodeJS.Timeout | undefined;
  private known: Map<string, TokenInfo> | undefined;
  private running = false;
  /** The last poll's failure, if it failed (a broken module); the next poll tries again. */
  lastError: unknown;

  constructor(
    private readonly poll: () => Promise<TokenInfo[]>,
    private readonly onChange: (change: TokenChange) => Promise<void> | void,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One poll now (also what the timer runs). Resolves once the changes it found were reported. */
  async check(): Promise<TokenChange[]> {
    const tokens = await this.poll();
    const current = new Map(tokens.map((token) => [tokenKey(token), token]));
    const changes: TokenChange[] = [];
    if (this.known) {
      for (const [key, token] of this.known) if (!current.has(key)) changes.push({ type: 'removed', token });
      for (const [key, token] of current) if (!this.known.has(key)) changes.push({ type: 'inserted', token });
    }
    this.known = current;
    for (const change of changes) await this.onChange(change);
    return changes;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.check().then(
        () => (this.lastError = undefined),
        (error: unknown) => (this.lastError = error),
      ).finally(() => this.schedule(this.intervalMs));
    }, delay);
    this.timer.unref();
  }
}
