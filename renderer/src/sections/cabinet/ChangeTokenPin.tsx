import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { NEW_TOKEN_PIN } from './token-pin';
import { useAsyncAction } from '../../components/use-async-action';
import './wizards-i18n';

/** "Change token PIN": its own, explicit action (C_SetPIN), shown inline under the chosen token. */
export function ChangeTokenPin({ label, onDone }: { label: string; onDone?(): void }) {
  const { t } = useTranslation('wizards');
  const [open, setOpen] = useState(false);
  const [oldPin, setOld] = useState('');
  const [newPin, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useAsyncAction(() => api().cabinet.changeTokenPin({ tokenLabel: label, oldPin, newPin }));
  const mismatch = confirm.length > 0 && confirm !== newPin;
  const ruleBroken = newPin.length > 0 && !NEW_TOKEN_PIN.test(newPin);
  const run = async () => {
    const done = await change.run();
    setOld('');
    if (done) {
      setNew('');
      setConfirm('');
      setOpen(false);
      onDone?.();
    }
  };
  if (!open) {
    return (
      <>
        {change.result ? <p className="success" role="status" data-testid="token-pin-changed">{t('changePin.done')}</p> : null}
        <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="token-change-pin">{t('tokenPin.change')}</button>
      </>
    );
  }
  return (
    <fieldset className="inline-panel" data-testid="token-change-pin-form">
      <legend>{t('changePin.title', { label })}</legend>
      <p className="muted">{t('changePin.text')}</p>
      <SecretField label={t('changePin.current')} value={oldPin} onChange={setOld} numeric testId="token-change-old" autoFocus />
      <SecretField label={t('changePin.next')} hint={t('tokenPin.rule')} error={ruleBroken ? t('tokenPin.rule') : undefined} value={newPin} onChange={setNew} numeric testId="token-change-new" />
      <SecretField label={t('changePin.confirm')} value={confirm} onChange={setConfirm} numeric error={mismatch ? t('tokenPin.mismatch') : undefined} testId="token-change-confirm" />
      <div className="panel-actions">
        <button type="button" onClick={() => setOpen(false)} disabled={change.busy}>{t('cancel', { ns: 'cabinet' })}</button>
        <button type="button" className="primary" onClick={() => void run()} disabled={change.busy || !oldPin || !NEW_TOKEN_PIN.test(newPin) || confirm !== newPin} data-testid="token-change-run">
          {t('changePin.run')}
        </button>
      </div>
      {change.error ? <ErrorMessage error={change.error} /> : null}
    </fieldset>
  );
}
