/**
 * Runs tasks one at a time, in order. Every call into one PKCS#11 library goes through its queue: a login, a
 * logout, a rescan (C_Finalize + C_Initialize) or a key generation must never run while another caller's
 * C_SignInit + C_Sign is under way. Only a task itself may run calls on several sessions at once (TokenKeySigner).
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
