import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPORARY_PERIODS, meetsSecretRule, type CabinetKey, type TemporaryPeriod, type TokenSlot, type ValidityPreview } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { CaProfileSelect } from './CaProfileSelect';
import { TokenPicker } from './TokenPicker';
import { TokenPinFields } from './TokenPinFields';
import { EMPTY_TOKEN_PIN, keyPinOf, tokenPinFields, tokenPinReady, type TokenPinEntry } from './token-pin';
import { useCaProfileChoice } from './use-ca-profile-choice';
import { WizardSteps } from './WizardSteps';
import { useAsyncAction } from '../../components/use-async-action';
import './wizards-i18n';

type Step = 'validity' | 'token' | 'current' | 'pin' | 'generate';

/**
 * A temporary key vouched for by a main key: validity (never past the main certificate), the token, the main
 * key's secret, then the new file's password twice, or the token's own PIN (a new token PIN only where the token
 * demands one), then generation. Everything entered stays while errors are retried; going back clears the errors.
 */
export function TemporaryKeyWizard({ parent, storage, onClose, onChanged }: { parent: CabinetKey; storage: 'file' | 'token'; onClose(): void; onChanged(): void }) {
  const { t, i18n } = useTranslation('cabinet');
  const { t: tw } = useTranslation('wizards');
  const steps: Step[] = storage === 'token' ? ['validity', 'token', 'current', 'pin', 'generate'] : ['validity', 'current', 'pin', 'generate'];
  const [index, setIndex] = useState(0);
  const step = steps[index]!;
  const [period, setPeriod] = useState<TemporaryPeriod>('week');
  const [preview, setPreview] = useState<ValidityPreview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [tokenLabel, setTokenLabel] = useState('');
  const [parentSecret, setParentSecret] = useState('');
  const [newSecret, setNewSecret] = useState('');
  const [confirm, setConfirm] = useState('');
  const [slot, setSlot] = useState<TokenSlot>();
  const [tokenPin, setTokenPin] = useState<TokenPinEntry>(EMPTY_TOKEN_PIN);
  const [created, setCreated] = useState<CabinetKey>();
  const ca = useCaProfileChoice(parent.caProfileId);
  const send = useAsyncAction((keyId: string) => api().cabinet.sendRequest({ keyId, parentSecret, secret: storage === 'token' ? keyPinOf(slot, tokenPin) : newSecret }));
  const generate = useAsyncAction(() =>
    api().cabinet.makeTemporaryKey({
      parentId: parent.id,
      name: t('temporary.keyName', { name: parent.name }),
      storage,
      period,
      parentSecret,
      caProfileId: ca.choice,
      ...(storage === 'token' ? { tokenLabel, ...tokenPinFields(slot, tokenPin) } : { newSecret }),
    }),
  );
  const goBack = () => {
    generate.reset();
    send.reset();
    setIndex(index - 1);
  };

  useEffect(() => {
    setPreviewError(undefined);
    api().cabinet.previewValidity({ parentId: parent.id, period }).then(setPreview, setPreviewError);
  }, [parent.id, period]);

  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  const mismatch = confirm.length > 0 && confirm !== newSecret;
  const pinReady = storage === 'token' ? tokenPinReady(slot, tokenPin) : meetsSecretRule('password', newSecret) && confirm === newSecret;
  const canContinue =
    step === 'validity' ? preview !== undefined : step === 'token' ? tokenLabel !== '' && slot !== undefined : step === 'current' ? parentSecret !== '' : step === 'pin' ? pinReady : false;

  // The key is generated once; a failed send (CA unreachable) is retried without generating again.
  const onGenerate = async () => {
    const key = created ?? (await generate.run());
    if (!key) return;
    setCreated(key);
    onChanged();
    const sent = await send.run(key.id);
    if (sent) {
      setParentSecret('');
      setNewSecret('');
      setConfirm('');
      setTokenPin(EMPTY_TOKEN_PIN);
      onChanged();
    }
  };

  const name = parent.owner ?? parent.name;
  return (
    <Dialog
      title={t(storage === 'token' ? 'temporary.titleToken' : 'temporary.titleFile', { name })}
      onClose={onClose}
      testId="temporary-wizard"
      actions={
        send.result ? (
          <button type="button" className="primary" onClick={onClose} data-testid="wizard-close">{t('close')}</button>
        ) : (
          <>
            <button type="button" onClick={onClose}>{t('cancel')}</button>
            {index > 0 && !created ? <button type="button" onClick={goBack} disabled={generate.busy}>{t('back')}</button> : null}
            {step === 'generate' ? (
              <button type="button" className="primary" onClick={() => void onGenerate()} disabled={generate.busy || send.busy} data-testid="wizard-generate">
                {generate.error || send.error ? t('retry') : t('temporary.generate')}
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => setIndex(index + 1)} disabled={!canContinue} data-testid="wizard-next">
                {t('continue')}
              </button>
            )}
          </>
        )
      }
    >
      <WizardSteps names={steps.map((item) => (item === 'pin' ? tw(storage === 'token' ? 'steps.tokenPin' : 'steps.password') : t(`temporary.steps.${item}`)))} current={index} />
      {step === 'validity' ? (
        <>
          <fieldset className="choice-list">
            <legend>{t('temporary.period')}</legend>
            {TEMPORARY_PERIODS.map((item) => (
              <label key={item}>
                <input type="radio" name="period" value={item} checked={period === item} onChange={() => setPeriod(item)} data-testid={`period-${item}`} />
                {t(`temporary.periods.${item}`)}
              </label>
            ))}
          </fieldset>
          {preview ? (
            <p className={preview.capped ? 'notice' : 'muted'} role="status" data-testid="validity-preview" data-capped={preview.capped} data-not-after={preview.notAfter}>
              {preview.capped ? t('temporary.capped', { date: date(preview.mainNotAfter) }) : t('temporary.until', { date: date(preview.notAfter) })}
            </p>
          ) : null}
          {previewError ? <ErrorMessage error={previewError} /> : null}
          {ca.profiles && ca.profiles.length > 0 ? <CaProfileSelect profiles={ca.profiles} value={ca.choice} onChange={ca.setChoice} /> : null}
        </>
      ) : null}
      {step === 'token' ? <TokenPicker value={tokenLabel} onChange={setTokenLabel} onSlot={setSlot} /> : null}
      {step === 'current' ? (
        <SecretField label={t('temporary.currentSecret')} hint={t('temporary.currentHint')} value={parentSecret} onChange={setParentSecret} testId="wizard-parent-secret" autoFocus />
      ) : null}
      {step === 'pin' && storage === 'token' && slot ? <TokenPinFields slot={slot} value={tokenPin} onChange={setTokenPin} testPrefix="wizard" /> : null}
      {step === 'pin' && storage === 'file' ? (
        <>
          <SecretField label={t('temporary.newPassword')} hint={t('temporary.passwordRule')} value={newSecret} onChange={setNewSecret} testId="wizard-new-secret" autoFocus />
          <SecretField label={t('temporary.confirm')} value={confirm} onChange={setConfirm} error={mismatch ? t('temporary.mismatch') : undefined} testId="wizard-confirm-secret" />
        </>
      ) : null}
      {step === 'generate' ? (
        send.result ? (
          send.result.sent ? (
            <p className="success" role="status" data-testid="wizard-done">{t('temporary.issued', { date: date(send.result.key.notAfter ?? '') })}</p>
          ) : (
            <>
              <p className="success" role="status" data-testid="wizard-done">{t('temporary.done', { date: date(send.result.key.validityLimit ?? '') })}</p>
              <p className="notice">{t('temporary.noCa')}</p>
            </>
          )
        ) : (
          <>
            <p>{t('temporary.review')}</p>
            {preview ? <p className="muted">{t('temporary.until', { date: date(preview.notAfter) })}</p> : null}
            {generate.busy ? <p role="status">{t('temporary.generating')}</p> : null}
            {send.busy ? <p role="status">{t('temporary.sending')}</p> : null}
          </>
        )
      ) : null}
      {generate.error ? <ErrorMessage error={generate.error} /> : null}
      {send.error ? <ErrorMessage error={send.error} /> : null}
    </Dialog>
  );
}
