import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkVerifyItem, BulkVerifyResult } from '../../../../preload/contract/domains/verify';
import { splitPath } from '../../format/format';
import { errorText } from '../../i18n/error-text';
import { SignerReportCard } from './SignerReportCard';
import { bulkCsv } from './bulk-csv';
import { saveCsv } from '../../files/save-csv';
import { BulkSettleHint } from './SettleHint';

type Filter = 'all' | 'passed' | 'failed' | 'indeterminate' | 'errors';

function kindOf(item: BulkVerifyItem): Exclude<Filter, 'all'> {
  if (item.indication === null) return 'errors';
  return item.indication === 'TOTAL-PASSED' ? 'passed' : item.indication === 'TOTAL-FAILED' ? 'failed' : 'indeterminate';
}

const BADGE: Record<Exclude<Filter, 'all'>, string> = { passed: 'ok', failed: 'danger', indeterminate: 'warn', errors: 'danger' };

/** A packet's verdicts: the summary, filters by verdict, one row per signature (expandable to its report), a CSV export. */
export function BulkResults({ result }: { result: BulkVerifyResult }) {
  const { t, i18n } = useTranslation('verify');
  const [filter, setFilter] = useState<Filter>('all');
  const [open, setOpen] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const id = useId();
  const shown = useMemo(() => (filter === 'all' ? result.files : result.files.filter((item) => kindOf(item) === filter)), [filter, result.files]);
  const counts: Record<Filter, number> = {
    all: result.summary.total,
    passed: result.summary.passed,
    failed: result.summary.failed,
    indeterminate: result.summary.indeterminate,
    errors: result.summary.errors,
  };

  const exportCsv = async () => {
    const csv = bulkCsv(result.files);
    const name = `signdesk-verification-${new Date().toISOString().slice(0, 10)}.csv`;
    const saved = await saveCsv(name, csv);
    if (saved !== null) setStatus(saved === 'downloaded' ? t('bulk.csvDone') : t('bulk.exported', { path: saved }));
  };

  return (
    <section className="verify-bulk" aria-labelledby={`${id}-title`} data-testid="verify-bulk">
      <h2 id={`${id}-title`}>{t('bulk.title')}</h2>
      <p data-testid="verify-bulk-summary" className={result.summary.passed === result.summary.total ? 'success' : 'notice'}>
        {t('bulk.summary', { ...result.summary })}
      </p>
      <BulkSettleHint files={result.files} />
      {result.unsigned.length > 0 ? <p className="muted" data-testid="verify-bulk-unsigned">{t('bulk.unsigned', { count: result.unsigned.length })}</p> : null}
      <div className="bulk-toolbar">
        <fieldset className="bulk-filters">
          <legend className="visually-hidden">{t('bulk.filter')}</legend>
          {(Object.keys(counts) as Filter[]).map((key) => (
            <label key={key} className={`chip${filter === key ? ' selected' : ''}`}>
              <input type="radio" name={`${id}-filter`} value={key} checked={filter === key} onChange={() => setFilter(key)} data-testid={`verify-filter-${key}`} />
              {t(`bulkFilters.${key}`)} <span className="muted">({counts[key]})</span>
            </label>
          ))}
        </fieldset>
        <button type="button" data-testid="verify-bulk-export" onClick={() => void exportCsv()}>
          {t('bulk.export')}
        </button>
      </div>
      <p className="visually-hidden" role="status">{status}</p>
      {status ? <p className="success" aria-hidden="true" data-testid="verify-bulk-status">{status}</p> : null}
      <table className="data bulk-table" data-testid="verify-bulk-table">
        <caption className="visually-hidden">{t('bulk.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bulkColumns.verdict')}</th>
            <th scope="col">{t('bulkColumns.file')}</th>
            <th scope="col">{t('bulkColumns.signers')}</th>
            <th scope="col">{t('bulkColumns.details')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((item) => {
            const kind = kindOf(item);
            const file = splitPath(item.signaturePath);
            const expanded = open === item.signaturePath;
            return (
              <tr key={item.signaturePath} data-testid="verify-bulk-row" data-verdict={kind}>
                <td>
                  <span className={`badge ${BADGE[kind]}`}>{t(`bulkVerdicts.${kind}`)}</span>
                </td>
                <th scope="row">
                  <span>{file.name}</span>
                  {item.contentPath ? <span className="muted"> + {splitPath(item.contentPath).name}</span> : null}
                  <span className="mono muted bulk-folder">{file.folder}</span>
                </th>
                <td>
                  <ul className="signers">
                    {item.signers.map((signer, index) => (
                      <li key={index}>
                        {signer.owner ? [signer.owner, signer.organisation].filter(Boolean).join(' — ') : signer.subject || t('unknownSigner')}
                        {signer.level && signer.level !== 'CMS' ? <span className="badge">{`CAdES ${signer.level}`}</span> : null}
                      </li>
                    ))}
                  </ul>
                  {item.error ? <span className="bulk-error" data-error-code={item.error.code}>{errorText(t, i18n.language, item.error.code)}</span> : null}
                </td>
                <td>
                  {item.report ? (
                    <button type="button" aria-expanded={expanded} data-testid="verify-bulk-expand" onClick={() => setOpen(expanded ? null : item.signaturePath)}>
                      {expanded ? t('bulk.hide') : t('bulk.show')}
                      <span className="visually-hidden">{` — ${file.name}`}</span>
                    </button>
                  ) : (
                    <span className="mono muted">{item.errors.join(' ')}</span>
                  )}
                  {expanded && item.report ? (
                    <div className="bulk-report">
                      {item.report.signers.map((signer, index) => (
                        <SignerReportCard key={index} signer={signer} index={`${file.name}-${index}`} />
                      ))}
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
