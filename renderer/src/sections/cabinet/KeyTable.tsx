import { useTranslation } from 'react-i18next';
import type { CabinetKey, KeyStatus } from '../../../../preload/contract/index';
import { MenuButton, type MenuItem } from '../../components/MenuButton';
import { MiddleTruncate } from '../../components/MiddleTruncate';
import { Identifiers } from '../../identity/Identifiers';
import { SORT_COLUMNS, type Sort, type SortColumn } from './key-table-model';

export type KeyAction =
  | 'certificate'
  | 'request'
  | 'download'
  | 'checkStatus'
  | 'renew'
  | 'block'
  | 'activate'
  | 'testSign'
  | 'changeSecret'
  | 'accessToken'
  | 'temporaryFile'
  | 'temporaryToken'
  | 'bindCertificate'
  | 'caProfile'
  | 'statement';

const STATUS_TONE: Record<KeyStatus, string> = { active: 'ok', blocked: 'danger', expired: 'warn', revoked: 'danger', awaitingCertificate: 'warn', tokenAbsent: 'warn' };

/** Which actions a key offers now. */
export function actionsFor(key: CabinetKey): KeyAction[] {
  const actions: KeyAction[] = [];
  if (key.hasCertificate) actions.push('certificate');
  if (key.hasRequest) actions.push('request');
  if (!key.hasCertificate) actions.push('bindCertificate');
  if (key.hasCertificate) actions.push('download', 'checkStatus', 'renew');
  actions.push(key.status === 'blocked' ? 'activate' : 'block', 'testSign', 'changeSecret', 'accessToken', 'caProfile');
  if (key.hasCertificate && key.status === 'active' && key.parentId === null) actions.push('temporaryFile', 'temporaryToken');
  if (key.statementPath) actions.push('statement');
  return actions;
}

export function KeyTable({ rows, sort, onSort, onAction }: { rows: readonly CabinetKey[]; sort: Sort; onSort(column: SortColumn): void; onAction(key: CabinetKey, action: KeyAction): void }) {
  const { t, i18n } = useTranslation('cabinet');
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language, { dateStyle: 'short' });
  const column = (name: SortColumn) => {
    const active = sort.column === name;
    return (
      <th scope="col" aria-sort={active ? sort.direction : 'none'} key={name}>
        <button type="button" className="sort-button" onClick={() => onSort(name)} data-testid={`sort-${name}`}>
          {t(`columns.${name}`)}
          <span aria-hidden="true">{active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };
  return (
    <table className="data cabinet-table" data-testid="cabinet-table">
      <caption className="visually-hidden">{t('caption')}</caption>
      <thead>
        <tr>
          {SORT_COLUMNS.map(column)}
          <th scope="col">{t('columns.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((key) => {
          const items: MenuItem[] = actionsFor(key).map((action) => ({ id: action, label: t(`actions.${action}`), onSelect: () => onAction(key, action) }));
          const ownerName = key.owner ?? key.name;
          // Several keys of one owner: the key's own name tells them apart for a screen reader too.
          const keyLabel = key.owner && key.owner !== key.name ? `${key.owner} — ${key.name}` : key.name;
          return (
            <tr key={key.id} data-testid="cabinet-row" data-key-id={key.id} data-status={key.status}>
              <td>
                <div>{key.organisation ?? t('individual')}</div>
                <Identifiers identifiers={key.identifiers} scope="organisation" />
              </td>
              <td>
                <div className="key-owner">{ownerName}</div>
                <Identifiers identifiers={key.identifiers} scope="person" />
                {key.position ? <div className="muted">{key.position}</div> : null}
                {key.owner && key.name !== key.owner ? <div className="muted">{key.name}</div> : null}
              </td>
              <td>
                <div>{t(`storage.${key.storage}`)}</div>
                <MiddleTruncate text={key.storageLabel} className="muted mono storage-label" />
              </td>
              <td>
                <span className={`badge ${STATUS_TONE[key.status]}`} data-testid="key-status">{t(`status.${key.status}`)}</span>
              </td>
              <td>{date(key.created)}</td>
              <td>
                {key.notBefore && key.notAfter
                  ? <span title={t('validityRange', { from: date(key.notBefore), to: date(key.notAfter) })}>{t('validityRange', { from: day(key.notBefore), to: day(key.notAfter) })}</span>
                  : key.validityLimit
                    ? t('validUntilLimit', { to: date(key.validityLimit) })
                    : <span className="muted">{t('noCertificateYet')}</span>}
              </td>
              <td>
                <MenuButton label={t('actionsButton')} accessibleLabel={t('actionsFor', { name: keyLabel })} items={items} testId={`key-actions-${key.id}`} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
