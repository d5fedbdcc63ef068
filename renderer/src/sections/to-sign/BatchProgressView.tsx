import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isErrorCode, SigndeskError } from '../../../../preload/contract/index';
import type { BatchItem, BatchProgress, BatchSummary } from '../../../../preload/contract/domains/queue';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useFocusKeeper, useFocusRescue } from '../../components/focus';
import { formatBytes, formatDuration, splitPath } from '../../format/format';
import { errorText } from '../../i18n/error-text';

const FINISHED = new Set(['done', 'cancelled', 'interrupted', 'stopped']);

/** A batch while it runs (bar, counts, rate, ETA, pause / resume / cancel) and after it ends (summary, failures). */
export function BatchProgressView({ batch, onClose }: { batch: BatchSummary; onClose(): void }) {
  const { t, i18n } = useTranslation('toSign');
  const [summary, setSummary] = useState(batch);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [failures, setFailures] = useState<BatchItem[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    const offProgress = api().onBatchProgress((next) => {
      if (next.batchId === batch.id) setProgress(next);
    });
    const offFinished = api().onBatchFinished((next) => {
      if (next.id === batch.id) setSummary(next);
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [batch.id]);

  const state = progress?.state ?? summary.state;
  const finished = FINISHED.has(summary.state) || FINISHED.has(state);
  const counts = finished ? summary : (progress ?? summary);
  const processed = counts.done + counts.failed + counts.skipped;
  const percent = counts.total > 0 ? Math.round((processed / counts.total) * 100) : 0;
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Pause / Cancel give way to Close when the batch ends, and the sign form may go with the signed documents:
  // focus they had comes to the batch's heading, which says how it went.
  useFocusRescue(section, `${finished ? summary.state : state}:${processed}`, () => heading.current);
  useFocusKeeper(() => heading.current);

  useEffect(() => {
    if (!finished || summary.failed === 0) return;
    let live = true;
    api()
      .queue.items({ batchId: batch.id, limit: 10_000 })
      .then((items) => live && setFailures(items.filter((item) => item.state === 'failed')))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [finished, summary.failed, batch.id]);

  const act = async (action: 'pause' | 'resume' | 'cancel') => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await api().queue[action]({ batchId: batch.id });
      setSummary(next);
      setProgress((previous) => (previous ? { ...previous, state: next.state } : previous));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section ref={section} className="card batch" aria-labelledby={`${id}-title`} data-testid="batch-progress" data-state={finished ? summary.state : state}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>{t(`batchTitle.${finished ? summary.state : state}`)}</h2>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby={`${id}-title`}
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={processed}
        aria-valuetext={t('batch.valueText', { processed, total: counts.total, percent })}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <p className="batch-counts" data-testid="batch-counts" aria-live="polite">
        {t('batch.counts', { done: counts.done, failed: counts.failed, skipped: counts.skipped, total: counts.total })}
      </p>
      {!finished && progress ? (
        <p className="muted" data-testid="batch-rate">
          {t('batch.rate', {
            files: progress.filesPerSecond.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
            bytes: formatBytes(progress.bytesPerSecond, i18n.language),
          })}
          {' · '}
          {progress.etaSeconds === null ? t('batch.etaUnknown') : t('batch.eta', { time: formatDuration(progress.etaSeconds) })}
        </p>
      ) : null}
      {summary.fatalError ? <ErrorMessage error={new SigndeskError(isErrorCode(summary.fatalError.code) ? summary.fatalError.code : 'ERR_INTERNAL', summary.fatalError.message)} /> : null}
      <div className="toolbar">
        {!finished && state === 'running' ? (
          <button type="button" data-testid="batch-pause" disabled={busy} onClick={() => void act('pause')}>
            {t('batch.pause')}
          </button>
        ) : null}
        {!finished && state === 'paused' ? (
          <button type="button" className="primary" data-testid="batch-resume" disabled={busy} onClick={() => void act('resume')}>
            {t('batch.resume')}
          </button>
        ) : null}
        {!finished ? (
          <button type="button" className="danger" data-testid="batch-cancel" disabled={busy} onClick={() => void act('cancel')}>
            {t('batch.cancel')}
          </button>
        ) : (
          <button type="button" data-testid="batch-close" onClick={onClose}>
            {t('batch.close')}
          </button>
        )}
      </div>
      {failures.length > 0 ? (
        <details className="batch-failures" open>
          <summary>{t('batch.failures', { count: failures.length })}</summary>
          <ul data-testid="batch-failures">
            {failures.slice(0, 500).map((item) => (
              <li key={item.seq}>
                <span className="mono">{splitPath(item.input).name}</span> — <BatchItemError item={item} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

function BatchItemError({ item }: { item: BatchItem }) {
  const { t, i18n } = useTranslation('toSign');
  if (!item.error) return null;
  return <span data-error-code={item.error.code}>{errorText(t, i18n.language, item.error.code)}</span>;
}
