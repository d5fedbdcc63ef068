import './add-key-i18n';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { Dialog } from '../../components/Dialog';
import { AddFileKeyForm } from './AddFileKeyForm';
import { AddTokenKeyForm } from './AddTokenKeyForm';
import type { KeyFile } from './key-file-intake';

/**
 * "Add key": a key file the user already has (picked, dropped or typed) or a key found on a token. Main proves
 * the password or PIN before the key joins the cabinet and refuses the same key twice.
 */
export function AddKeyDialog({ dropped, onClose, onAdded }: { dropped: KeyFile | undefined; onClose(): void; onAdded(key: CabinetKey): void }) {
  const { t } = useTranslation('cabinetAdd');
  const id = useId();
  const [source, setSource] = useState<'file' | 'token'>('file');
  const [added, setAdded] = useState<CabinetKey>();
  const formId = `${id}-form`;
  const [busy, setBusy] = useState(false);
  const [ready, setReady] = useState(false);
  // A file dropped while the token form shows is what the user wants to add now.
  useEffect(() => {
    if (dropped) setSource('file');
  }, [dropped]);
  const done = (key: CabinetKey) => {
    setAdded(key);
    onAdded(key);
  };
  return (
    <Dialog
      title={t('title')}
      onClose={onClose}
      testId="add-key-dialog"
      actions={
        <>
          <button type="button" onClick={onClose} data-testid="add-key-close">{t(added ? 'close' : 'cancel')}</button>
          {added ? null : (
            <button type="submit" form={formId} className="primary" disabled={busy || !ready} data-testid="add-key-run">
              {busy ? t('checking') : t('add')}
            </button>
          )}
        </>
      }
    >
      {added ? (
        <p className="success" role="status" data-testid="add-key-done">{t('added', { name: added.name })}</p>
      ) : (
        <>
          <p>{t('intro')}</p>
          <fieldset className="choice-list add-key-source">
            <legend>{t('sourceLegend')}</legend>
            <label>
              <input type="radio" name={`${id}-source`} checked={source === 'file'} onChange={() => setSource('file')} data-testid="add-key-source-file" />
              {t('sourceFile')}
            </label>
            <label>
              <input type="radio" name={`${id}-source`} checked={source === 'token'} onChange={() => setSource('token')} data-testid="add-key-source-token" />
              {t('sourceToken')}
            </label>
          </fieldset>
          {source === 'file' ? (
            <AddFileKeyForm formId={formId} dropped={dropped} onBusy={setBusy} onReady={setReady} onAdded={done} />
          ) : (
            <AddTokenKeyForm formId={formId} onBusy={setBusy} onReady={setReady} onAdded={done} />
          )}
        </>
      )}
    </Dialog>
  );
}
