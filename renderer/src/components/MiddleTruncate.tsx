import './middle-truncate.css';

/** The end that always stays visible is at most this long (a number, a date and the extension fit). */
const MAX_TAIL = 32;
const MIN_TAIL = 16;

/**
 * Where the always-visible end starts: at the first number among the last MAX_TAIL characters (with a `№ ` or `#`
 * before it), which is what tells "Акт № 0041 від 01.12.2026.pdf" from "Акт № 0042 …"; else the last MIN_TAIL.
 */
export function tailStart(text: string): number {
  if (text.length <= MIN_TAIL + 4) return text.length;
  const window = text.length - MAX_TAIL;
  const digit = text.slice(Math.max(0, window)).search(/\d/);
  let start = digit < 0 ? text.length - MIN_TAIL : Math.max(0, window) + digit;
  while (start > 0 && /[\s№#_\-(]/.test(text[start - 1]!)) start -= 1;
  return Math.min(start, text.length - MIN_TAIL);
}

/**
 * A one-line text cut in the middle when it does not fit ("Акт виконаних р… № 0042 від 01.12.2026.pdf"), so the
 * distinguishing end stays visible; the whole text is in the tooltip and is what a screen reader reads.
 */
export function MiddleTruncate({ text, title = text, className, testId }: { text: string; title?: string; className?: string; testId?: string }) {
  const cut = tailStart(text);
  return (
    <span className={`middle-truncate${className ? ` ${className}` : ''}`} title={title} data-testid={testId}>
      <span className="middle-truncate-head">{text.slice(0, cut)}</span>
      {cut < text.length ? <span className="middle-truncate-tail">{text.slice(cut)}</span> : null}
    </span>
  );
}
