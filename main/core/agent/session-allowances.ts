import { randomUUID } from 'node:crypto';
import type { AgentSessionAllowance } from '../../../preload/contract/domains/agent';
import { callerView, type Caller } from './caller';

interface Allowance {
  view: AgentSessionAllowance;
  callerId: string;
  /** Kept in this process's memory only, for the allowance's lifetime; never written anywhere. */
  secret: string | undefined;
}

/**
 * "Allow for this session": a caller signs with one key without asking again until the user stops it or the
 * app quits. The PIN or password typed with that approval stays in memory for exactly that long.
 */
export class SessionAllowances {
  private readonly allowances = new Map<string, Allowance>();

  constructor(
    private readonly onChange: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(caller: Caller, key: { id: string; name: string }, secret: string | undefined): void {
    for (const [id, existing] of this.allowances) if (existing.callerId === caller.id && existing.view.keyId === key.id) this.allowances.delete(id);
    const id = randomUUID();
    this.allowances.set(id, {
      view: { id, caller: callerView(caller), keyId: key.id, keyName: key.name, since: this.now().toISOString(), signed: 0 },
      callerId: caller.id,
      secret,
    });
    this.onChange();
  }

  /** The allowance covering this caller and key, if any; `use` counts one request under it. */
  find(callerId: string, keyId: string): { secret: string | undefined; use(): void } | undefined {
    for (const allowance of this.allowances.values()) {
      if (allowance.callerId === callerId && allowance.view.keyId === keyId) {
        return {
          secret: allowance.secret,
          use: () => {
            allowance.view.signed += 1;
            this.onChange();
          },
        };
      }
    }
    return undefined;
  }

  list(): AgentSessionAllowance[] {
    return [...this.allowances.values()].map((allowance) => ({ ...allowance.view }));
  }

  stop(id: string): boolean {
    const removed = this.allowances.delete(id);
    if (removed) this.onChange();
    return removed;
  }

  /** Stops every allowance of a caller (its origin was revoked, its token too). */
  stopCaller(callerId: string): void {
    let removed = false;
    for (const [id, allowance] of this.allowances) {
      if (allowance.callerId === callerId) removed = this.allowances.delete(id) || removed;
    }
    if (removed) this.onChange();
  }

  clear(): void {
    this.allowances.clear();
  }
}
