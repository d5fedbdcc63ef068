import { useRef } from 'react';
import { useFocusRescue } from './focus';

/** Previous / page n of m / next, as a labelled navigation region; turning to the last page keeps focus in it. */
export function Pager({ page, pageCount, onPage, labels, testId = 'pager' }: {
  page: number;
  pageCount: number;
  onPage(page: number): void;
  labels: { region: string; previous: string; next: string; status: string };
  testId?: string;
}) {
  const nav = useRef<HTMLElement>(null);
  useFocusRescue(nav, page);
  if (pageCount <= 1) return null;
  return (
    <nav ref={nav} className="pager" aria-label={labels.region} data-testid={testId}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1} data-testid={`${testId}-previous`}>
        {labels.previous}
      </button>
      <span aria-live="polite" data-testid={`${testId}-status`}>{labels.status}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pageCount} data-testid={`${testId}-next`}>
        {labels.next}
      </button>
    </nav>
  );
}
