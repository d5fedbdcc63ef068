import './components.css';
import { useRef, useState, type PointerEvent } from 'react';

const TARGET_SAMPLES = 256;

/**
 * Collects randomness from pointer movement: each move adds its position and a high-resolution time to a pool;
 * when the bar reaches 100% the pool is handed over once. Keyboard users press keys inside the area instead.
 */
export function EntropyPad({ label, hint, progressLabel, percentText, onComplete, testId = 'entropy' }: {
  label: string;
  hint: string;
  progressLabel: string;
  /** The collected share in words, e.g. "42% collected" (shown beside the bar). */
  percentText?: (percent: number) => string;
  onComplete(pool: Uint8Array): void;
  testId?: string;
}) {
  const pool = useRef<number[]>([]);
  const last = useRef<string>('');
  const [samples, setSamples] = useState(0);
  const done = samples >= TARGET_SAMPLES;

  const add = (a: number, b: number) => {
    if (done) return;
    const key = `${a},${b}`;
    if (key === last.current) return;
    last.current = key;
    const time = Math.floor(performance.now() * 1000);
    pool.current.push(a & 0xff, b & 0xff, time & 0xff, (time >> 8) & 0xff);
    const next = samples + 1;
    setSamples(next);
    if (next >= TARGET_SAMPLES) onComplete(Uint8Array.from(pool.current));
  };
  const onMove = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    add(Math.round(event.clientX - box.left), Math.round(event.clientY - box.top));
  };
  const percent = Math.min(100, Math.round((samples / TARGET_SAMPLES) * 100));

  return (
    <div>
      <div
        className="entropy-pad"
        role="application"
        aria-label={label}
        aria-describedby={`${testId}-hint`}
        tabIndex={0}
        onPointerMove={onMove}
        onKeyDown={(event) => add(event.key.charCodeAt(0), event.timeStamp)}
        data-testid={testId}
      >
        <span id={`${testId}-hint`}>{hint}</span>
      </div>
      <div className="progress" role="progressbar" aria-label={progressLabel} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid={`${testId}-progress`}>
        <div style={{ width: `${percent}%` }} />
      </div>
      {percentText ? <p className="muted" aria-hidden="true" data-testid={`${testId}-percent`}>{percentText(percent)}</p> : null}
    </div>
  );
}
