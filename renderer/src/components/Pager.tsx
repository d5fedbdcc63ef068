/** Previous / page n of m / next, as a labelled navigation region. */
export function Pager({ page, pageCount, onPage, labels, testId = 'pager' }: {
  page: number;
  pageCount: number;
  onPage(page: number): void;
  labels: { region: string; previous: string; next: string; status: string };
  testId?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pager" aria-label={labels.region} data-testid={testId}>
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
