import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { useAsyncAction } from '../../components/use-async-action';

export function ImportCertificateDialog({ cabinetKey, onClose, onChanged }: { cabinetKey: CabinetKey; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('cabinet');
  const id = useId();
  const [path, setPath] = useState('');
  const [pem, setPem] = useState('');
  const [secret, setSecret] = useState('');
  const importIt = useAsyncAction((input: { path?: string; pem?: string; secret?: string }) => api().cabinet.bindCertificate({ keyId: cabinetKey.id, ...input }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await importIt.run({ ...(pem.trim() ? { pem: pem.trim() } : { path: path.trim() }), ...(secret ? { secret } : {}) });
    setSecret('');
    if (done) onChanged();
  };
  return (
    <Dialog
      title={t('import.title', { name: cabinetKey.name })}
      onClose={onClose}
      testId="import-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>{t('close')}</button>
          {importIt.result ? null : (
            <button type="submit" form={`${id}-form`} className="primary" disabled={importIt.busy || (!path.trim() && !pem.trim())} data-testid="import-run">
              {t('import.run')}
            </button>
          )}
        </>
      }
    >
      <p>{t('import.text')}</p>
      {importIt.result ? (
        <p className="success" role="status" data-testid="import-done">{t('import.done')}</p>
      ) : (
        <form id={`${id}-form`} onSubmit={(event) => void onSubmit(event)}>
          <div className="field">
            <label htmlFor={`${id}-path`}>{t('import.path')}</label>
            <input id={`${id}-path`} value={path} onChange={(event) => setPath(event.target.value)} data-testid="import-path" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-pem`}>{t('import.pem')}</label>
            <textarea id={`${id}-pem`} className="pem-box" value={pem} onChange={(event) => setPem(event.target.value)} data-testid="import-pem" />
          </div>
          {cabinetKey.storage === 'token' || /\.(p12|pfx)$/i.test(cabinetKey.keyRef) ? (
            <SecretField label={t('import.secret')} value={secret} onChange={setSecret} testId="import-secret" />
          ) : null}
        </form>
      )}
      {importIt.error ? <ErrorMessage error={importIt.error} /> : null}
    </Dialog>
  );
}
