import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { useAsyncAction } from '../../components/use-async-action';

/** Actions that need only the key's password or PIN: extend validity (renewal request), test signing. */
export function SecretActionDialog({ cabinetKey, action, onClose, onChanged }: { cabinetKey: CabinetKey; action: 'renew' | 'testSign'; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('cabinet');
  const id = useId();
  const [secret, setSecret] = useState('');
  const call = useAsyncAction(async (value: string) => {
    if (action === 'renew') return { sent: (await api().cabinet.renew({ keyId: cabinetKey.id, secret: value })).sent };
    await api().cabinet.testSign({ keyId: cabinetKey.id, secret: value });
    return { sent: false };
  });
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await call.run(secret);
    setSecret('');
    if (done) onChanged();
  };
  const name = cabinetKey.owner ?? cabinetKey.name;
  return (
    <Dialog
      title={t(action === 'renew' ? 'secret.renewTitle' : 'secret.testTitle', { name })}
      onClose={onClose}
      testId={`${action}-dialog`}
      actions={
        <>
          <button type="button" onClick={onClose}>{t('close')}</button>
          {call.result ? null : (
            <button type="submit" form={`${id}-form`} className="primary" disabled={call.busy || !secret} data-testid={`${action}-run`}>
              {t('secret.run')}
            </button>
          )}
        </>
      }
    >
      <p>{t(action === 'renew' ? 'secret.renewText' : 'secret.testText')}</p>
      {call.result ? (
        <p className="success" role="status" data-testid={`${action}-done`}>{t(action === 'renew' ? (call.result.sent ? 'secret.renewSent' : 'secret.renewDone') : 'secret.testDone')}</p>
      ) : (
        <form id={`${id}-form`} onSubmit={(event) => void onSubmit(event)}>
          <SecretField label={t('secret.secret')} value={secret} onChange={setSecret} testId={`${action}-secret`} autoFocus />
        </form>
      )}
      {call.error ? <ErrorMessage error={call.error} /> : null}
    </Dialog>
  );
}
