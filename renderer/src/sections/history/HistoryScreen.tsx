import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import type { VerifyReport } from '../../../../preload/contract/domains/verify';
import { SignerReportCard } from '../verify/SignerReportCard';
import '../verify/i18n';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { useFocusRescue } from '../../components/focus';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ScreenHeader } from '../../components/ScreenHeader';
import { saveCsv } from '../../files/save-csv';
import { ExportSignatureDialog } from './ExportSignatureDialog';
import { HistoryTable, type HistoryAction } from './HistoryTable';
import { PAGE_SIZE, historyQuery, useHistory, type HistoryFilter } from './use-history';
import { CosignDialog } from './CosignDialog';
import './i18n';
import '../../formats/i18n';
import './history.css';

const ALL_SIGNERS = '';

export function HistoryScreen() {
  const { t } = useTranslation('history');
  const { t: tf } = useTranslation('formats');
  const [filter, setFilter] = useState<HistoryFilter>({ text: '', from: '', to: '' });
  const [signer, setSigner] = useState(ALL_SIGNERS);
  const [page, setPage] = useState(0);
  const { entries, loaded, error, reload } = useHistory(filter, page);
  const [exporting, setExporting] = useState<HistoryEntry | null>(null);
  const [cosigning, setCosigning] = useState<HistoryEntry | null>(null);
  const [checked, setChecked] = useState<{ entry: HistoryEntry; report: VerifyReport } | null>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<unknown>();
  const id = useId();
  const pager = useRef<HTMLElement>(null);
  // A turned page keeps focus on the pager (its Next is disabled on the last page, which would drop focus).
  useFocusRescue(pager, `${page}:${loaded}:${entries.length}`);

  // One choice per signer subject, shown as the person and organisation it names.
  const signers = useMemo(() => {
    const labels = new Map<string, string>();
    for (const item of entries.flatMap((entry) => entry.signers)) {
      labels.set(item.subject, [item.owner ?? item.subject, item.organisation].filter(Boolean).join(' — '));
    }
    return [...labels].sort((a, b) => a[1].localeCompare(b[1]));
  }, [entries]);
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
    if (action === 'extend') return void extend(entry);
    if (action === 'check') return void check(entry);
    try {
      if (action === 'open') {
        const { opened } = await api().files.openPath({ path: entry.outputPath });
        setStatus(opened ? tf('history.opened') : tf('history.openUnavailable', { path: entry.outputPath }));
        return;
      }
      const { shown: opened } = await api().files.showInFolder({ path: entry.outputPath });
      setStatus(opened ? t('shown') : t('showUnavailable', { path: entry.outputPath }));
    } catch (caught) {
      setActionError(caught);
    }
  };

  /** Verifies the entry's signature as it is now: every signer, counter-signers nested under the signer they sign. */
  const check = async (entry: HistoryEntry) => {
    try {
      setChecked({ entry, report: await api().verify.signature({ signaturePath: entry.outputPath, ...(entry.attached ? {} : { contentPath: entry.documentPath }) }) });
    } catch (caught) {
      setActionError(caught);
    }
  };

  /** "Extend to long-term": B-LTA in place, with the settings' time-stamp server and OCSP/CRL answers fetched now. */
  const extend = async (entry: HistoryEntry) => {
    try {
      const result = await api().verify.extend({ signaturePath: entry.outputPath, ...(entry.attached ? {} : { contentPath: entry.documentPath }) });
      setStatus(t('extended', { levels: [...new Set(result.signers.map((signer) => signer.after))].join(', ') }));
    } catch (caught) {
      setActionError(caught);
    }
  };

  const exportCsv = async () => {
    setActionError(undefined);
    try {
      const { csv } = await api().history.exportCsv(historyQuery(filter));
      const name = `signdesk-history-${new Date().toISOString().slice(0, 10)}.csv`;
      const saved = await saveCsv(name, csv);
      if (saved !== null) setStatus(saved === 'downloaded' ? t('csvDone') : t('exported', { path: saved }));
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
            {signers.map(([subject, label]) => (
              <option key={subject} value={subject}>{label}</option>
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
          <nav ref={pager} className="pager" aria-label={t('pages')}>
            <button type="button" data-testid="history-previous" onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0}>{t('previous')}</button>
            <span aria-live="polite" data-testid="history-page">{t('page', { page: page + 1 })}</span>
            <button type="button" data-testid="history-next" onClick={() => setPage((p) => p + 1)} disabled={entries.length < PAGE_SIZE}>{t('next')}</button>
          </nav>
        </>
      )}
      {checked ? (
        <section className="history-check" aria-labelledby={`${id}-check`} data-testid="history-check-report">
          <h2 id={`${id}-check`}>{t('checkTitle', { name: checked.entry.outputPath })}</h2>
          {checked.report.signers.map((signerReport, index) => (
            <SignerReportCard key={index} signer={signerReport} index={`history-${index}`} />
          ))}
        </section>
      ) : null}
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
