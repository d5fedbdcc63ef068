import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KEY_TYPES, type CabinetKeyType } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { EntropyPad } from '../../components/EntropyPad';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { QrReferenceInput } from './QrReferenceInput';
import { TokenPicker } from './TokenPicker';
import { WizardSteps } from './WizardSteps';
import { useAsyncAction } from './use-async-action';
import { CaProfileSelect } from './CaProfileSelect';
import { useCaProfileChoice } from './use-ca-profile-choice';

const STEPS = ['key', 'entropy', 'identity', 'pin', 'review'] as const;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/**
 * The new key request: key type and storage, randomness from the pointer, the application form (QR or
 * typed reference) and phone, the PIN or password twice, review, then "Sign the statement".
 */
export function NewKeyWizard({ onClose, onChanged }: { onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('cabinet');
  const id = useId();
  const [index, setIndex] = useState(0);
  const step = STEPS[index]!;
  const [keyType, setKeyType] = useState<CabinetKeyType>('ec-p256');
  const [storage, setStorage] = useState<'file' | 'token'>('file');
  const [name, setName] = useState('');
  const [tokenLabel, setTokenLabel] = useState('');
  const [entropy, setEntropy] = useState<Uint8Array>();
  const [reference, setReference] = useState('');
  const [caAddress, setCaAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [secret, setSecret] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tokenPin, setTokenPin] = useState('');
  const ca = useCaProfileChoice(undefined);

  const sign = useAsyncAction(() =>
    api().cabinet.newKeyRequest({
      keyType,
      storage,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(storage === 'token' ? { tokenLabel } : {}),
      ...(storage === 'token' && tokenPin ? { tokenPin } : {}),
      password: secret,
      entropy: toBase64(entropy!),
      reference: reference.trim(),
      ...(caAddress ? { caAddress } : {}),
      caProfileId: ca.choice,
      phone: phone.trim(),
    }),
  );

  const secretOk = storage === 'token' ? /^\d{6}$/.test(secret) : secret.length >= 8;
  const mismatch = confirm.length > 0 && confirm !== secret;
  const phoneOk = PHONE.test(phone.trim());
  const canContinue =
    step === 'key' ? storage === 'file' || tokenLabel !== '' : step === 'entropy' ? entropy !== undefined : step === 'identity' ? reference.trim() !== '' && phoneOk : step === 'pin' ? secretOk && confirm === secret : false;

  const onSign = async () => {
    const created = await sign.run();
    if (created) {
      setSecret('');
      setConfirm('');
      setTokenPin('');
      onChanged();
    }
  };

  return (
    <Dialog
      title={t('newKey.title')}
      onClose={onClose}
      testId="new-key-wizard"
      actions={
        sign.result ? (
          <button type="button" className="primary" onClick={onClose} data-testid="wizard-close">{t('close')}</button>
        ) : (
          <>
            <button type="button" onClick={onClose}>{t('cancel')}</button>
            {index > 0 ? <button type="button" onClick={() => setIndex(index - 1)} disabled={sign.busy}>{t('back')}</button> : null}
            {step === 'review' ? (
              <button type="button" className="primary" onClick={() => void onSign()} disabled={sign.busy} data-testid="wizard-sign">
                {sign.error ? t('retry') : t('newKey.sign')}
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
      <WizardSteps names={STEPS.map((item) => t(`newKey.steps.${item}`))} current={index} />
      {step === 'key' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-type`}>{t('newKey.keyType')}</label>
            <select id={`${id}-type`} value={keyType} onChange={(event) => setKeyType(event.target.value as CabinetKeyType)} data-testid="new-key-type">
              {KEY_TYPES.map((type) => (
                <option key={type} value={type}>{t(`newKey.types.${type}`)}</option>
              ))}
            </select>
          </div>
          <fieldset className="choice-list">
            <legend>{t('newKey.storage')}</legend>
            <label>
              <input type="radio" name="storage" checked={storage === 'file'} onChange={() => setStorage('file')} data-testid="new-key-storage-file" />
              {t('newKey.storageFile')}
            </label>
            <label>
              <input type="radio" name="storage" checked={storage === 'token'} onChange={() => setStorage('token')} data-testid="new-key-storage-token" />
              {t('newKey.storageToken')}
            </label>
          </fieldset>
          {storage === 'token' ? <TokenPicker value={tokenLabel} onChange={setTokenLabel} /> : null}
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('newKey.name')}</label>
            <input id={`${id}-name`} value={name} maxLength={120} onChange={(event) => setName(event.target.value)} data-testid="new-key-name" />
          </div>
        </>
      ) : null}
      {step === 'entropy' ? (
        <>
          <EntropyPad label={t('newKey.entropyLabel')} hint={t('newKey.entropyHint')} progressLabel={t('newKey.entropyProgress')} onComplete={setEntropy} />
          {entropy ? <p className="success" role="status" data-testid="entropy-done">{t('newKey.entropyDone')}</p> : null}
          {storage === 'file' ? <p className="muted">{t('newKey.entropyFileNote')}</p> : null}
        </>
      ) : null}
      {step === 'identity' ? (
        <>
          <h3>{t('newKey.qrTitle')}</h3>
          <p>{t('newKey.qrText')}</p>
          <QrReferenceInput
            onFound={(qr) => {
              setReference(qr.reference);
              setCaAddress(qr.caAddress ?? '');
            }}
          />
          <div className="field">
            <label htmlFor={`${id}-reference`}>{t('newKey.reference')}</label>
            <input id={`${id}-reference`} value={reference} maxLength={64} onChange={(event) => setReference(event.target.value)} data-testid="new-key-reference" />
          </div>
          {caAddress ? <p className="muted" data-testid="new-key-ca">{t('newKey.caAddress')}: {caAddress}</p> : null}
          {ca.profiles && ca.profiles.length > 0 ? <CaProfileSelect profiles={ca.profiles} value={ca.choice} onChange={ca.setChoice} /> : null}
          <div className="field">
            <label htmlFor={`${id}-phone`}>{t('newKey.phone')}</label>
            <input
              id={`${id}-phone`}
              type="tel"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              onBlur={() => setPhoneTouched(true)}
              aria-invalid={phoneTouched && !phoneOk ? true : undefined}
              aria-describedby={`${id}-phone-hint`}
              data-testid="new-key-phone"
            />
            <span id={`${id}-phone-hint`} className={phoneTouched && !phoneOk ? 'field-error' : 'field-hint'}>
              {phoneTouched && !phoneOk ? t('newKey.phoneInvalid') : t('newKey.phoneHint')}
            </span>
          </div>
        </>
      ) : null}
      {step === 'pin' ? (
        <>
          {storage === 'token' ? <SecretField label={t('newKey.tokenCurrentPin')} value={tokenPin} onChange={setTokenPin} numeric testId="new-key-token-pin" /> : null}
          <SecretField
            label={t(storage === 'token' ? 'newKey.pin' : 'newKey.password')}
            hint={t(storage === 'token' ? 'temporary.pinRule' : 'temporary.passwordRule')}
            value={secret}
            onChange={setSecret}
            numeric={storage === 'token'}
            testId="new-key-secret"
            autoFocus
          />
          <SecretField label={t('newKey.confirm')} value={confirm} onChange={setConfirm} numeric={storage === 'token'} error={mismatch ? t('temporary.mismatch') : undefined} testId="new-key-confirm" />
        </>
      ) : null}
      {step === 'review' ? (
        sign.result ? (
          <>
            <p className="success" role="status" data-testid="wizard-done">{t('newKey.done')}</p>
            <p className="notice">{t('newKey.noCa')}</p>
          </>
        ) : (
          <>
            <h3>{t('newKey.review')}</h3>
            <dl className="facts" data-testid="new-key-review">
              <dt>{t('newKey.keyType')}</dt>
              <dd>{t(`newKey.types.${keyType}`)}</dd>
              <dt>{t('newKey.storage')}</dt>
              <dd>{storage === 'token' ? `${t('storage.token')}: ${tokenLabel}` : t('storage.file')}</dd>
              {name.trim() ? (
                <>
                  <dt>{t('newKey.name')}</dt>
                  <dd>{name.trim()}</dd>
                </>
              ) : null}
              <dt>{t('newKey.reference')}</dt>
              <dd>{reference.trim()}</dd>
              {caAddress ? (
                <>
                  <dt>{t('newKey.caAddress')}</dt>
                  <dd>{caAddress}</dd>
                </>
              ) : null}
              <dt>{t('newKey.phone')}</dt>
              <dd>{phone.trim()}</dd>
            </dl>
            {sign.busy ? <p role="status">{t('newKey.signing')}</p> : null}
          </>
        )
      ) : null}
      {sign.error ? <ErrorMessage error={sign.error} /> : null}
    </Dialog>
  );
}
