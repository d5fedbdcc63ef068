import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { meetsSecretRule, type CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { useAsyncAction } from '../../components/use-async-action';

export function ChangeSecretDialog({ cabinetKey, onClose }: { cabinetKey: CabinetKey; onClose(): void }) {
  const { t } = useTranslation('cabinet');
  const id = useId();
  const [oldSecret, setOld] = useState('');
  const [newSecret, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const mismatch = confirm.length > 0 && confirm !== newSecret;
  const kind = cabinetKey.storage === 'token' ? 'pin' : 'password';
  const ruleOk = meetsSecretRule(kind, newSecret);
  const ruleBroken = newSecret.length > 0 && !ruleOk;
  const ruleText = t(kind === 'pin' ? 'temporary.pinRule' : 'temporary.passwordRule');
  const change = useAsyncAction((from: string, to: string) => api().cabinet.changeSecret({ keyId: cabinetKey.id, oldSecret: from, newSecret: to }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch || !ruleOk) return;
    const done = await change.run(oldSecret, newSecret);
    setOld('');
    if (done) {
      setNew('');
      setConfirm('');
    }
  };
  return (
    <Dialog
      title={t('secret.changeTitle', { name: cabinetKey.owner ?? cabinetKey.name })}
      onClose={onClose}
      testId="change-secret-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>{t('close')}</button>
          {change.result ? null : (
            <button type="submit" form={`${id}-form`} className="primary" disabled={change.busy || !oldSecret || !ruleOk || confirm !== newSecret} data-testid="change-secret-run">
              {t('secret.run')}
            </button>
          )}
        </>
      }
    >
      {change.result ? (
        <p className="success" role="status">{t('secret.changed')}</p>
      ) : (
        <form id={`${id}-form`} onSubmit={(event) => void onSubmit(event)}>
          <SecretField label={t('secret.old')} value={oldSecret} onChange={setOld} testId="change-secret-old" autoFocus />
          <SecretField
            label={t('secret.new')}
            value={newSecret}
            onChange={setNew}
            testId="change-secret-new"
            hint={ruleBroken ? undefined : ruleText}
            error={ruleBroken ? ruleText : undefined}
          />
          <SecretField label={t('secret.confirm')} value={confirm} onChange={setConfirm} testId="change-secret-confirm" error={mismatch ? t('secret.mismatch') : undefined} />
        </form>
      )}
      {change.error ? <ErrorMessage error={change.error} /> : null}
    </Dialog>
  );
}
