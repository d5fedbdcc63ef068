import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchSummary } from '../../../../preload/contract/domains/queue';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format/format';

/** Batches a crash or a quit left unfinished: offered for resuming (the PIN is asked again) or cancelling. */
export function InterruptedBatches({ onResumed }: { onResumed(batch: BatchSummary): void }) {
  const [batches, setBatches] = useState<BatchSummary[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    api()
      .queue.interrupted()
      .then((found) => live && setBatches(found))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, []);
  const drop = (id: string) => setBatches((previous) => previous.filter((batch) => batch.id !== id));
  return (
    <>
      {batches.map((batch) => (
        <InterruptedBatch
          key={batch.id}
          batch={batch}
          onResumed={(next) => {
            drop(batch.id);
            onResumed(next);
          }}
          onCancelled={() => drop(batch.id)}
        />
      ))}
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}

function InterruptedBatch({ batch, onResumed, onCancelled }: { batch: BatchSummary; onResumed(batch: BatchSummary): void; onCancelled(): void }) {
  const { t, i18n } = useTranslation('toSign');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = useId();
  const left = batch.total - batch.done - batch.failed - batch.skipped;

  const run = async (action: () => Promise<BatchSummary>, after: (next: BatchSummary) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await action();
      setSecret('');
      after(next);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => api().queue.resume({ batchId: batch.id, ...(secret ? { secret } : {}) }), onResumed);
  };

  return (
    <form className="notice interrupted" aria-labelledby={`${id}-title`} data-testid="interrupted-batch" onSubmit={onSubmit}>
      <h2 id={`${id}-title`}>{t('interrupted.title')}</h2>
      <p>{t('interrupted.text', { done: batch.done, total: batch.total, left, date: formatDateTime(batch.updatedAt, i18n.language) })}</p>
      <p className="mono">{batch.keyRef}</p>
      <div className="field">
        <label htmlFor={`${id}-secret`}>{t('sign.secret')}</label>
        <input id={`${id}-secret`} data-testid="interrupted-secret" type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />
      </div>
      <div className="toolbar">
        <button type="submit" className="primary" data-testid="interrupted-resume" disabled={busy}>
          {t('interrupted.resume', { count: left })}
        </button>
        <button type="button" className="danger" data-testid="interrupted-cancel" disabled={busy} onClick={() => void run(() => api().queue.cancel({ batchId: batch.id }), onCancelled)}>
          {t('interrupted.cancel')}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
