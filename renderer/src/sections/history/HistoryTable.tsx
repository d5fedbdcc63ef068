import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { formatBytes, formatDateTime, splitPath } from '../../format/format';
import '../../formats/i18n';
import { MenuButton, type MenuItem } from '../../components/MenuButton';
import { MiddleTruncate } from '../../components/MiddleTruncate';
import { Party } from '../../identity/Party';
import { keyDisplayName, useKeyNames } from '../../identity/key-names';

export type HistoryAction = 'open' | 'showInFolder' | 'exportSignature' | 'cosign' | 'extend' | 'check';

/** Beside "Open", the row's other actions sit in one menu: the table stays readable at 1024 px in every language. */
const MENU_ACTIONS = ['check', 'extend', 'cosign', 'exportSignature', 'showInFolder'] as const satisfies readonly HistoryAction[];

/** Signed documents: date, every signer with their key, the output; actions per row. */
export function HistoryTable({ entries, onAction, canCosign }: { entries: readonly HistoryEntry[]; onAction(action: HistoryAction, entry: HistoryEntry): void; canCosign: boolean }) {
  const { t, i18n } = useTranslation('history');
  const keyNames = useKeyNames();
  const { t: tf } = useTranslation('formats');
  const moreActions = (entry: HistoryEntry): MenuItem[] =>
    MENU_ACTIONS.filter((action) => action !== 'cosign' || canCosign).map((action) => ({ id: action, label: t(`actions.${action}`), onSelect: () => onAction(action, entry) }));
  return (
    <table className="data history-table" data-testid="history-table">
      <caption className="visually-hidden">{t('caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('columns.document')}</th>
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
                <MiddleTruncate text={doc.name} className="history-name" testId="history-document-name" />
                <MiddleTruncate text={doc.folder} className="mono muted history-folder" />
                <span className="muted">
                  <span className="visually-hidden">{t('columns.signed')}: </span>
                  {formatDateTime(entry.updatedAt, i18n.language)} · {formatBytes(entry.documentSize, i18n.language)}
                </span>
              </th>
              <td>
                <ul className="signers">
                  {entry.signers.map((signer, index) => (
                    <li key={index} data-testid="history-signer">
                      <Party party={signer} />
                      <span className="muted signer-meta">
                        {formatDateTime(signer.signedAt, i18n.language)}
                        {' · '}
                        <span className="signer-key" data-testid="history-signer-key">
                          {t('signedWith', { key: keyDisplayName(signer.keyRef, keyNames) })}
                        </span>
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <MiddleTruncate text={out.name} className="mono history-output" />
                <span className="badge" data-testid="history-format" title={tf('history.format')}>{tf(`name.${entry.format}`)}</span>
                {entry.format === 'cades' ? <span className="badge">{entry.attached ? t('attached') : t('detached')}</span> : null}
              </td>
              <td>
                <div className="row-actions">
                  <button type="button" data-testid="history-open" onClick={() => onAction('open', entry)}>
                    {tf('history.open')}
                    <span className="visually-hidden">{` — ${out.name}`}</span>
                  </button>
                  <MenuButton label={t('more')} accessibleLabel={t('moreFor', { name: doc.name })} items={moreActions(entry)} testId="history-actions" />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
