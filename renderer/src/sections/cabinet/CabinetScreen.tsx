import './i18n';
import './cabinet.css';
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Pager } from '../../components/Pager';
import { ScreenHeader } from '../../components/ScreenHeader';
import './ca-i18n';
import './add-key-i18n';
import { useWindowDrop } from '../to-sign/use-window-drop';
import { AddKeyDialog } from './AddKeyDialog';
import { keyFileFromDrop, type KeyFile } from './key-file-intake';
import { AccessTokensDialog } from './AccessTokensDialog';
import { BlockDialog } from './BlockDialog';
import { CertificateDialog } from './CertificateDialog';
import { ChangeSecretDialog } from './ChangeSecretDialog';
import { DownloadDialog } from './DownloadDialog';
import { ImportCertificateDialog } from './ImportCertificateDialog';
import { KeyCaProfileDialog } from './KeyCaProfileDialog';
import { KeyTable, type KeyAction } from './KeyTable';
import { NewKeyWizard } from './NewKeyWizard';
import { RequestDialog } from './RequestDialog';
import { SecretActionDialog } from './SecretActionDialog';
import { StatusDialog } from './StatusDialog';
import { TemporaryKeyWizard } from './TemporaryKeyWizard';
import { visibleKeys, type Sort, type SortColumn } from './key-table-model';
import { useCabinetKeys } from './use-cabinet-keys';

type Open = { kind: 'newKey' } | { kind: 'addKey'; dropped?: KeyFile } | { kind: KeyAction; key: CabinetKey } | undefined;

/** The key cabinet: every key with its owner, storage, status and validity, and what can be done with it. */
export function CabinetScreen() {
  const { t } = useTranslation('cabinet');
  const { t: tc } = useTranslation();
  const { keys, error, reload } = useCabinetKeys();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ column: 'created', direction: 'descending' });
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Open>();
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const { t: tca } = useTranslation('cabinetCa');
  const { t: ta } = useTranslation('cabinetAdd');
  const id = useId();
  // A key file dropped anywhere on the cabinet opens "Add key" with it (or hands it to the open dialog).
  const onDrop = useCallback((dataTransfer: DataTransfer) => {
    setActionError(undefined);
    keyFileFromDrop(dataTransfer).then(
      (dropped) => {
        if (dropped) setOpen((current) => (current && current.kind !== 'addKey' ? current : { kind: 'addKey', dropped }));
      },
      (caught: unknown) => setActionError(caught),
    );
  }, []);
  const dragging = useWindowDrop(onDrop);

  const onSort = (column: SortColumn) => {
    setSort((current) => ({ column, direction: current.column === column && current.direction === 'ascending' ? 'descending' : 'ascending' }));
    setPage(1);
  };
  const onAction = async (key: CabinetKey, action: KeyAction) => {
    setActionError(undefined);
    setNotice('');
    if (action === 'statement' && key.statementPath) {
      try {
        const { shown } = await api().files.showInFolder({ path: key.statementPath });
        if (!shown) setNotice(t('statementAt', { path: key.statementPath }));
      } catch (caught) {
        setActionError(caught);
      }
      return;
    }
    if (action === 'activate') {
      try {
        await api().cabinet.setBlocked({ keyId: key.id, blocked: false });
        // A hold at the CA is not lifted by this: CMP's lightweight profile has no request for it.
        if (key.caHold) setNotice(tca('activated'));
        await reload();
      } catch (caught) {
        setActionError(caught);
      }
      return;
    }
    setOpen({ kind: action, key });
  };
  const close = () => setOpen(undefined);
  const changed = () => void reload();
  const view = keys ? visibleKeys(keys, query, sort, page) : undefined;

  return (
    <>
      <ScreenHeader title={tc('nav.cabinet')}>
        <button type="button" onClick={() => setOpen({ kind: 'addKey' })} data-testid="add-key">
          {ta('button')}
        </button>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'newKey' })} data-testid="create-request">
          {t('createRequest')}
        </button>
      </ScreenHeader>
      <div className={`drop-overlay cabinet-drop${dragging ? ' active' : ''}`} aria-hidden="true" data-testid="cabinet-drop-overlay">
        {ta('dropHere')}
      </div>
      {error ? <ErrorMessage error={error} onRetry={() => void reload()} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      <p role="status" className={notice ? 'notice' : 'visually-hidden'} data-testid="cabinet-notice">{notice}</p>
      {keys && keys.length === 0 ? (
        <EmptyState text={tc('empty.cabinet')}>
          <div className="empty-actions">
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'addKey' })} data-testid="empty-add-key">{ta('button')}</button>
            <button type="button" onClick={() => setOpen({ kind: 'newKey' })} data-testid="empty-create-request">{t('createRequest')}</button>
          </div>
          <p className="field-hint">{ta('dropHint')}</p>
        </EmptyState>
      ) : null}
      {view && keys && keys.length > 0 ? (
        <>
          <div className="toolbar cabinet-toolbar" role="search">
            <label htmlFor={`${id}-search`} className="visually-hidden">{t('search')}</label>
            <input
              id={`${id}-search`}
              type="search"
              placeholder={t('search')}
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                setPage(1);
              }}
              aria-describedby={`${id}-search-hint`}
              data-testid="cabinet-search"
            />
            <span id={`${id}-search-hint`} className="field-hint">{t('searchHint')}</span>
          </div>
          {view.total === 0 ? <p className="muted" role="status">{t('nothingMatches')}</p> : <KeyTable rows={view.rows} sort={sort} onSort={onSort} onAction={(key, action) => void onAction(key, action)} />}
          <Pager
            page={view.page}
            pageCount={view.pageCount}
            onPage={setPage}
            labels={{ region: t('pages'), previous: t('previous'), next: t('next'), status: t('pageStatus', { page: view.page, count: view.pageCount }) }}
            testId="cabinet-pager"
          />
        </>
      ) : null}
      {open?.kind === 'newKey' ? <NewKeyWizard onClose={close} onChanged={changed} /> : null}
      {open?.kind === 'addKey' ? <AddKeyDialog dropped={open.dropped} onClose={close} onAdded={changed} /> : null}
      {open && open.kind !== 'newKey' && open.kind !== 'addKey' ? <KeyDialog open={open} onClose={close} onChanged={changed} /> : null}
    </>
  );
}

function KeyDialog({ open, onClose, onChanged }: { open: { kind: KeyAction; key: CabinetKey }; onClose(): void; onChanged(): void }) {
  const { kind, key } = open;
  switch (kind) {
    case 'certificate':
      return <CertificateDialog cabinetKey={key} onClose={onClose} />;
    case 'request':
      return <RequestDialog cabinetKey={key} onClose={onClose} />;
    case 'download':
      return <DownloadDialog cabinetKey={key} onClose={onClose} />;
    case 'checkStatus':
      return <StatusDialog cabinetKey={key} onClose={onClose} onChanged={onChanged} />;
    case 'renew':
    case 'testSign':
      return <SecretActionDialog cabinetKey={key} action={kind} onClose={onClose} onChanged={onChanged} />;
    case 'changeSecret':
      return <ChangeSecretDialog cabinetKey={key} onClose={onClose} />;
    case 'accessToken':
      return <AccessTokensDialog cabinetKey={key} onClose={onClose} />;
    case 'bindCertificate':
      return <ImportCertificateDialog cabinetKey={key} onClose={onClose} onChanged={onChanged} />;
    case 'temporaryFile':
      return <TemporaryKeyWizard parent={key} storage="file" onClose={onClose} onChanged={onChanged} />;
    case 'temporaryToken':
      return <TemporaryKeyWizard parent={key} storage="token" onClose={onClose} onChanged={onChanged} />;
    case 'block':
      return <BlockDialog cabinetKey={key} onClose={onClose} onChanged={onChanged} />;
    case 'caProfile':
      return <KeyCaProfileDialog cabinetKey={key} onClose={onClose} onChanged={onChanged} />;
    case 'activate':
    case 'statement':
      return null;
  }
}
