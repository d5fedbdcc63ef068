/**
 * Runs tasks one at a time, in order. Every call into one PKCS#11 library goes through its queue: SoftHSM2 and
 * other modules crash on concurrent calls, and C_SignInit + C_Sign must not interleave with anything else.
 */
export class CallQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  get size(): number {
    return this.pending;
  }

  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--,
    );
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  async drain(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
