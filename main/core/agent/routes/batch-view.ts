import type { BatchSummary } from '../../../../preload/contract/domains/queue';

/** A batch as callers see it: counts, state and where to follow it (no file paths, no key references). */
export function batchView(summary: BatchSummary) {
  const { format } = summary.options;
  return {
    id: summary.id,
    state: summary.state,
    format,
    packaging: format === 'cades' ? (summary.options.attached ? 'attached' : 'detached') : null,
    hash: summary.options.hash,
    packet: summary.options.packet ?? null,
    total: summary.total,
    done: summary.done,
    failed: summary.failed,
    skipped: summary.skipped,
    createdAt: summary.createdAt,
    finishedAt: summary.finishedAt,
    error: summary.fatalError,
    links: { self: `/v1/batches/${summary.id}`, events: `/v1/batches/${summary.id}/events` },
  };
}
