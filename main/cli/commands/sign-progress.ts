import type { BatchProgress } from '../../../preload/contract/domains/queue';

const PLAIN_LINE_INTERVAL_MS = 2_000;
const BAR_WIDTH = 24;

/** `signdesk sign` progress on stderr: a redrawn bar with ETA on a TTY, a plain line every few seconds otherwise. */
export class SignProgress {
  private lastPlain = 0;
  private drawn = false;

  constructor(private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean }) {}

  update(progress: BatchProgress): void {
    const settled = progress.done + progress.failed + progress.skipped;
    if (this.stderr.isTTY) {
      const ratio = progress.total > 0 ? settled / progress.total : 1;
      const filled = Math.round(ratio * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
      this.stderr.write(`\r\u001b[2K[${bar}] ${settled}/${progress.total} ${rates(progress)} ETA ${eta(progress.etaSeconds)}${progress.failed ? ` failed ${progress.failed}` : ''}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain < PLAIN_LINE_INTERVAL_MS && settled < progress.total) return;
    this.lastPlain = now;
    this.stderr.write(`signed ${progress.done}/${progress.total}, failed ${progress.failed}, ${rates(progress)}, ETA ${eta(progress.etaSeconds)}\n`);
  }

  end(): void {
    if (this.drawn) this.stderr.write('\n');
    this.drawn = false;
  }
}

function rates(progress: BatchProgress): string {
  return `${progress.filesPerSecond.toFixed(0)} files/s ${(progress.bytesPerSecond / 1e6).toFixed(1)} MB/s`;
}

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const total = Math.ceil(seconds);
  const minutes = Math.floor(total / 60);
  return `${minutes}:${String(total % 60).padStart(2, '0')}`;
}
