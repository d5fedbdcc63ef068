import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { formatBytes, formatDateTime, splitPath } from '../../format/format';

export type HistoryAction = 'showInFolder' | 'exportSignature' | 'cosign';

/** Signed documents: date, every signer with their key, the output; actions per row. */
export function HistoryTable({ entries, onAction, canCosign }: { entries: readonly HistoryEntry[]; onAction(action: HistoryAction, entry: HistoryEntry): void; canCosign: boolean }) {
  const { t, i18n } = useTranslation('history');
  return (
    <table className="data history-table" data-testid="history-table">
      <caption className="visually-hidden">{t('caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('columns.document')}</th>
          <th scope="col">{t('columns.signed')}</th>
          <th scope="col">{t('columns.signers')}</th>
          <th scope="col">{t('columns.output')}</th>
          <th scope="col">{t('columns.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const doc = splitPath(entry.documentPath);
          const out = splitPath(entry.outputPath);
          return (
            <tr key={entry.id} data-testid="history-row" data-document={entry.documentPath}>
              <th scope="row">
                <span className="history-name">{doc.name}</span>
                <span className="mono muted history-folder">{doc.folder}</span>
                <span className="muted">{formatBytes(entry.documentSize, i18n.language)}</span>
              </th>
              <td>{formatDateTime(entry.updatedAt, i18n.language)}</td>
              <td>
                <ul className="signers">
                  {entry.signers.map((signer, index) => (
                    <li key={index} data-testid="history-signer">
                      <span>{signer.subject}</span>
                      {Object.entries(signer.identifiers).map(([name, value]) => (
                        <span key={name} className="badge">{`${name}: ${value}`}</span>
                      ))}
                      <span className="muted">{formatDateTime(signer.signedAt, i18n.language)}</span>
                      <span className="mono muted signer-key" title={signer.keyRef}>{signer.keyRef}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <span className="mono" title={entry.outputPath}>{out.name}</span>
                <span className="badge">{entry.attached ? t('attached') : t('detached')}</span>
              </td>
              <td>
                <div className="row-actions">
                  <button type="button" data-testid="history-show" onClick={() => onAction('showInFolder', entry)}>
                    {t('actions.showInFolder')}
                    <span className="visually-hidden">{` — ${doc.name}`}</span>
                  </button>
                  <button type="button" data-testid="history-export" onClick={() => onAction('exportSignature', entry)}>
                    {t('actions.export')}
                    <span className="visually-hidden">{` — ${doc.name}`}</span>
                  </button>
                  {canCosign ? (
                    <button type="button" data-testid="history-cosign" onClick={() => onAction('cosign', entry)}>
                      {t('actions.cosign')}
                      <span className="visually-hidden">{` — ${doc.name}`}</span>
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
