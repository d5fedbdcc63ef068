import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchSummary } from '../../../../preload/contract/domains/queue';
import { QUEUE_ADD_CHUNK_BYTES } from '../../../../preload/contract/bridge-wire';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ScreenHeader } from '../../components/ScreenHeader';
import { pathsFromDrop, type IntakeResult } from '../../files/file-intake';
import { chunkPaths } from '../../files/chunk-paths';
import { AddDocuments } from './AddDocuments';
import { BatchProgressView } from './BatchProgressView';
import { DocumentList } from './DocumentList';
import { InterruptedBatches } from './InterruptedBatches';
import { SignPanel } from './SignPanel';
import { useQueueDocuments } from './use-queue-documents';
import { useSelection } from './use-selection';
import { useWindowDrop } from './use-window-drop';
import './i18n';
import './to-sign.css';

const ADD_CHUNK = 5000;

export function ToSignScreen() {
  const { t } = useTranslation('toSign');
  const { documents, loaded, error: listError, reload } = useQueueDocuments();
  const ids = useMemo(() => documents.map((doc) => doc.id), [documents]);
  const selection = useSelection(ids);
  const [batch, setBatch] = useState<BatchSummary | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    // A batch this process is running or has paused; one a crash left behind is offered by InterruptedBatches instead.
    Promise.all([api().queue.batches({ limit: 5 }), api().queue.interrupted()])
      .then(([recent, interrupted]) => {
        const leftOver = new Set(interrupted.map((batch) => batch.id));
        const current = recent.find((candidate) => (candidate.state === 'running' || candidate.state === 'paused') && !leftOver.has(candidate.id));
        if (live && current) setBatch((shown) => shown ?? current);
      })
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, []);

  const intake = useCallback(
    async (pending: Promise<IntakeResult>) => {
      setError(undefined);
      setStatus(t('add.adding'));
      try {
        const { paths, failed } = await pending;
        let added = 0;
        for (const chunk of chunkPaths(paths, ADD_CHUNK, QUEUE_ADD_CHUNK_BYTES)) added += (await api().queue.add({ paths: chunk })).length;
        await reload();
        setStatus(failed.length > 0 ? t('add.addedSomeFailed', { count: added, failed: failed.length }) : t('add.added', { count: added }));
        if (failed[0]) setError(failed[0].error);
      } catch (caught) {
        setStatus('');
        setError(caught);
      }
    },
    [reload, t],
  );
  const onDrop = useCallback((dataTransfer: DataTransfer) => void intake(pathsFromDrop(dataTransfer, 'sign')), [intake]);
  const dragging = useWindowDrop(onDrop);

  const selectedIds = useMemo(() => ids.filter((id) => selection.selected.has(id)), [ids, selection.selected]);
  const remove = async () => {
    if (selectedIds.length === 0) return;
    try {
      const { removed } = await api().queue.remove({ ids: selectedIds });
      await reload();
      setStatus(t('removed', { count: removed }));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <ScreenHeader title={t('common:nav.toSign')}>
        <AddDocuments onIntake={(pending) => void intake(pending)} />
      </ScreenHeader>
      <InterruptedBatches onResumed={setBatch} />
      {batch ? <BatchProgressView key={batch.id} batch={batch} onClose={() => setBatch(null)} /> : null}
      <div className={`drop-overlay${dragging ? ' active' : ''}`} aria-hidden="true" data-testid="drop-overlay">
        {t('dropHere')}
      </div>
      <p className="visually-hidden" role="status" data-testid="queue-status">{status}</p>
      {status ? <p className="muted" aria-hidden="true">{status}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {listError ? <ErrorMessage error={listError} onRetry={() => void reload()} /> : null}
      {loaded && documents.length === 0 ? (
        <EmptyState text={t('common:empty.toSign')} />
      ) : (
        <div className="to-sign-layout">
          <section className="to-sign-list" aria-label={t('listTitle')}>
            <div className="toolbar">
              <span data-testid="queue-count">{t('count', { count: documents.length, selected: selectedIds.length })}</span>
              <button type="button" data-testid="select-all" onClick={selection.selectAll} disabled={documents.length === 0}>
                {t('selectAll')}
              </button>
              <button type="button" data-testid="select-none" onClick={selection.clear} disabled={selectedIds.length === 0}>
                {t('selectNone')}
              </button>
              <button type="button" className="danger" data-testid="remove-selected" onClick={() => void remove()} disabled={selectedIds.length === 0}>
                {t('removeSelected')}
              </button>
            </div>
            <DocumentList documents={documents} selection={selection} onRemove={() => void remove()} />
            <p className="field-hint">{t('keysHint')}</p>
          </section>
          <SignPanel documentIds={selectedIds} onStarted={setBatch} />
        </div>
      )}
    </>
  );
}
