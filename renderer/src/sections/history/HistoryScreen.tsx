import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ScreenHeader } from '../../components/ScreenHeader';
import { ExportSignatureDialog } from './ExportSignatureDialog';
import { HistoryTable, type HistoryAction } from './HistoryTable';
import { PAGE_SIZE, historyQuery, useHistory, type HistoryFilter } from './use-history';
import { CosignDialog } from './CosignDialog';
import './i18n';
import './history.css';

const ALL_SIGNERS = '';

export function HistoryScreen() {
  const { t } = useTranslation('history');
  const [filter, setFilter] = useState<HistoryFilter>({ text: '', from: '', to: '' });
  const [signer, setSigner] = useState(ALL_SIGNERS);
  const [page, setPage] = useState(0);
  const { entries, loaded, error, reload } = useHistory(filter, page);
  const [exporting, setExporting] = useState<HistoryEntry | null>(null);
  const [cosigning, setCosigning] = useState<HistoryEntry | null>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<unknown>();
  const id = useId();

  const signers = useMemo(() => [...new Set(entries.flatMap((entry) => entry.signers.map((s) => s.subject)))].sort(), [entries]);
  const shown = useMemo(() => (signer === ALL_SIGNERS ? entries : entries.filter((entry) => entry.signers.some((s) => s.subject === signer))), [entries, signer]);
  const update = (patch: Partial<HistoryFilter>) => {
    setFilter((previous) => ({ ...previous, ...patch }));
    setPage(0);
  };

  const onAction = async (action: HistoryAction, entry: HistoryEntry) => {
    setActionError(undefined);
    setStatus('');
    if (action === 'exportSignature') return setExporting(entry);
    if (action === 'cosign') return setCosigning(entry);
    try {
      const { shown: opened } = await api().files.showInFolder({ path: entry.outputPath });
      setStatus(opened ? t('shown') : t('showUnavailable', { path: entry.outputPath }));
    } catch (caught) {
      setActionError(caught);
    }
  };

  const exportCsv = async () => {
    setActionError(undefined);
    try {
      const { csv } = await api().history.exportCsv(historyQuery(filter));
      const name = `signdesk-history-${new Date().toISOString().slice(0, 10)}.csv`;
      const saved = await api().files.saveTextAs({ defaultName: name, content: csv });
      if (saved.native) {
        if (saved.paths[0]) setStatus(t('exported', { path: saved.paths[0] }));
        return;
      }
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(t('csvDone'));
    } catch (caught) {
      setActionError(caught);
    }
  };

  const filtering = filter.text !== '' || filter.from !== '' || filter.to !== '' || signer !== ALL_SIGNERS;
  return (
    <>
      <ScreenHeader title={t('common:nav.history')}>
        <button type="button" data-testid="history-csv" onClick={() => void exportCsv()}>
          {t('csv')}
        </button>
      </ScreenHeader>
      <div role="search" className="card history-filters" aria-label={t('filters')}>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('search')}</label>
          <input id={`${id}-text`} type="search" data-testid="history-search" value={filter.text} onChange={(event) => update({ text: event.target.value })} placeholder={t('searchHint')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('from')}</label>
          <input id={`${id}-from`} type="date" data-testid="history-from" value={filter.from} onChange={(event) => update({ from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('to')}</label>
          <input id={`${id}-to`} type="date" data-testid="history-to" value={filter.to} onChange={(event) => update({ to: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-signer`}>{t('signer')}</label>
          <select id={`${id}-signer`} data-testid="history-signer-filter" value={signer} onChange={(event) => setSigner(event.target.value)}>
            <option value={ALL_SIGNERS}>{t('allSigners')}</option>
            {signers.map((subject) => (
              <option key={subject} value={subject}>{subject}</option>
            ))}
          </select>
        </div>
      </div>
      <p className="visually-hidden" role="status">{status}</p>
      {status ? <p className="success" aria-hidden="true" data-testid="history-status">{status}</p> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {error ? <ErrorMessage error={error} onRetry={() => void reload()} /> : null}
      {loaded && shown.length === 0 && page === 0 ? (
        <EmptyState text={filtering ? t('nothingMatches') : t('common:empty.history')} />
      ) : (
        <>
          <HistoryTable entries={shown} onAction={(action, entry) => void onAction(action, entry)} canCosign />
          <nav className="pager" aria-label={t('pages')}>
            <button type="button" onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0}>{t('previous')}</button>
            <span>{t('page', { page: page + 1 })}</span>
            <button type="button" onClick={() => setPage((p) => p + 1)} disabled={entries.length < PAGE_SIZE}>{t('next')}</button>
          </nav>
        </>
      )}
      {exporting ? (
        <ExportSignatureDialog
          entry={exporting}
          onClose={() => setExporting(null)}
          onDone={(path) => {
            setExporting(null);
            setStatus(t('exported', { path }));
          }}
        />
      ) : null}
      {cosigning ? (
        <CosignDialog
          entry={cosigning}
          onClose={() => setCosigning(null)}
          onDone={() => {
            setCosigning(null);
            setStatus(t('cosigned'));
            void reload();
          }}
        />
      ) : null}
    </>
  );
}
