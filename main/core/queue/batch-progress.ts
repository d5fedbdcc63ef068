import type { BatchProgress, BatchState } from '../../../preload/contract/domains/queue';

const WINDOW_MS = 5_000;

/** Counters plus a sliding-window rate for a batch's progress events (done / failed / total, bytes, rate, ETA). */
export class BatchProgressMeter {
  done = 0;
  failed = 0;
  skipped = 0;
  bytesDone = 0;
  private readonly samples: Array<{ at: number; files: number; bytes: number }> = [];

  constructor(
    readonly batchId: string,
    readonly total: number,
    readonly totalBytes: number,
    initial: { done: number; failed: number; skipped: number },
  ) {
    this.done = initial.done;
    this.failed = initial.failed;
    this.skipped = initial.skipped;
    this.samples.push({ at: performance.now(), files: this.settled, bytes: 0 });
  }

  get settled(): number {
    return this.done + this.failed + this.skipped;
  }

  record(outcome: 'done' | 'failed' | 'skipped', bytes: number): void {
    this[outcome]++;
    this.bytesDone += bytes;
  }

  snapshot(state: BatchState): BatchProgress {
    const now = performance.now();
    this.samples.push({ at: now, files: this.settled, bytes: this.bytesDone });
    while (this.samples.length > 2 && now - this.samples[1]!.at > WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0]!;
    const seconds = (now - oldest.at) / 1000;
    const filesPerSecond = seconds > 0.05 ? (this.settled - oldest.files) / seconds : 0;
    const bytesPerSecond = seconds > 0.05 ? (this.bytesDone - oldest.bytes) / seconds : 0;
    const remainingFiles = this.total - this.settled;
    const remainingBytes = Math.max(0, this.totalBytes - this.bytesDone);
    const byFiles = filesPerSecond > 0 ? remainingFiles / filesPerSecond : null;
    const byBytes = bytesPerSecond > 0 && this.totalBytes > 0 ? remainingBytes / bytesPerSecond : null;
    const etaSeconds = remainingFiles === 0 ? 0 : byFiles === null && byBytes === null ? null : Math.max(byFiles ?? 0, byBytes ?? 0);
    return {
      batchId: this.batchId,
      state,
      total: this.total,
      done: this.done,
      failed: this.failed,
      skipped: this.skipped,
      totalBytes: this.totalBytes,
      bytesDone: this.bytesDone,
      filesPerSecond,
      bytesPerSecond,
      etaSeconds,
    };
  }
}
