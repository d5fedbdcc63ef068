import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KEY_TYPES, meetsSecretRule, type CabinetKey, type CabinetKeyType, type EnrollmentTarget, type TokenSlot } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { EntropyPad } from '../../components/EntropyPad';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { CaProfileSelect } from './CaProfileSelect';
import { EnrollmentCertificate } from './EnrollmentCertificate';
import { QrReferenceInput } from './QrReferenceInput';
import { TokenPicker } from './TokenPicker';
import { TokenPinFields } from './TokenPinFields';
import { EMPTY_TOKEN_PIN, keyPinOf, tokenPinFields, tokenPinReady, type TokenPinEntry } from './token-pin';
import { useAsyncAction } from '../../components/use-async-action';
import { useCaProfileChoice } from './use-ca-profile-choice';
import { WizardSteps } from './WizardSteps';
import './wizards-i18n';

const STEPS = ['key', 'entropy', 'entropy2', 'identity', 'account', 'pin', 'review', 'certificate'] as const;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;
const RNOKPP = /^\d{10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const all = new Uint8Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  return all;
}

/**
 * The new key (Sign.me-like): key type and storage, two rounds of randomness from the pointer, the applicant and
 * the application form (QR or typed reference), the CA's one-time account password, the key's password (or the
 * token's PIN), review; then the request goes to the CA by CMP (ir), the issued certificate is shown for checking,
 * and "Sign the statement" accepts it and leaves a key that signs. Without a CA the key and request are kept.
 */
export function NewKeyWizard({ onClose, onChanged }: { onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('cabinet');
  const { t: tw } = useTranslation('wizards');
  const id = useId();
  const [index, setIndex] = useState(0);
  const step = STEPS[index]!;
  const [keyType, setKeyType] = useState<CabinetKeyType>('ec-p256');
  const [storage, setStorage] = useState<'file' | 'token'>('file');
  const [name, setName] = useState('');
  const [tokenLabel, setTokenLabel] = useState('');
  const [slot, setSlot] = useState<TokenSlot>();
  const [entropy, setEntropy] = useState<Uint8Array>();
  const [entropy2, setEntropy2] = useState<Uint8Array>();
  const [fullName, setFullName] = useState('');
  const [rnokpp, setRnokpp] = useState('');
  const [email, setEmail] = useState('');
  const [reference, setReference] = useState('');
  const [caAddress, setCaAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [oneTimeSecret, setOneTimeSecret] = useState('');
  const [secret, setSecret] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tokenPin, setTokenPin] = useState<TokenPinEntry>(EMPTY_TOKEN_PIN);
  const [created, setCreated] = useState<CabinetKey>();
  const [target, setTarget] = useState<EnrollmentTarget>();
  const ca = useCaProfileChoice(undefined);

  const keyName = name.trim() || tw('newKey.defaultName', { name: fullName.trim() });
  const create = useAsyncAction(() =>
    api().cabinet.newKeyRequest({
      keyType,
      storage,
      name: keyName,
      ...(storage === 'token' ? { tokenLabel, ...tokenPinFields(slot, tokenPin) } : { password: secret }),
      entropy: toBase64(joined(entropy!, entropy2!)),
      reference: reference.trim(),
      ...(caAddress ? { caAddress } : {}),
      caProfileId: ca.choice,
      phone: phone.trim(),
      fullName: fullName.trim(),
      ...(rnokpp.trim() ? { rnokpp: rnokpp.trim() } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
    }),
  );
  const keySecret = storage === 'token' ? keyPinOf(slot, tokenPin) : secret;
  const enroll = useAsyncAction((keyId: string) => api().cabinet.enroll({ keyId, secret: keySecret, oneTimeSecret }));
  const decide = useAsyncAction((accept: boolean) => api().cabinet.confirmEnrollment({ keyId: created!.id, accept }));

  useEffect(() => {
    if (step !== 'identity' && step !== 'account' && step !== 'review') return;
    api()
      .cabinet.enrollmentTarget({ ...(caAddress ? { caAddress } : {}), caProfileId: ca.choice })
      .then(setTarget, () => setTarget({ source: 'none', url: null, profileName: null }));
  }, [step, caAddress, ca.choice]);

  const noCa = target?.source === 'none';

  const mismatch = confirm.length > 0 && confirm !== secret;
  const phoneOk = PHONE.test(phone.trim());
  const rnokppOk = rnokpp.trim() === '' || RNOKPP.test(rnokpp.trim());
  const emailOk = email.trim() === '' || EMAIL.test(email.trim());
  const identityOk = fullName.trim().length >= 3 && rnokppOk && emailOk && reference.trim() !== '' && phoneOk;
  const pinOk = storage === 'token' ? tokenPinReady(slot, tokenPin) : meetsSecretRule('password', secret) && confirm === secret;
  const canContinue =
    step === 'key' ? storage === 'file' || (tokenLabel !== '' && slot !== undefined)
    : step === 'entropy' ? entropy !== undefined
    : step === 'entropy2' ? entropy2 !== undefined
    : step === 'identity' ? identityOk
    : step === 'account' ? noCa || oneTimeSecret !== ''
    : step === 'pin' ? pinOk
    : false;

  const clearSecrets = () => {
    setSecret('');
    setConfirm('');
    setTokenPin(EMPTY_TOKEN_PIN);
    setOneTimeSecret('');
  };

  // The key is made once; a failed send (CA unreachable, wrong one-time password) is retried with the same request.
  const onSend = async () => {
    const key = created ?? (await create.run());
    if (!key) return;
    if (!created) {
      setCreated(key);
      onChanged();
    }
    if (noCa) {
      clearSecrets();
      return;
    }
    const review = await enroll.run(key.id);
    if (review) setIndex(STEPS.indexOf('certificate'));
  };

  const onDecide = async (accept: boolean) => {
    const key = await decide.run(accept);
    if (key) {
      clearSecrets();
      onChanged();
    }
  };

  const goBack = () => {
    create.reset();
    enroll.reset();
    setIndex(index - 1);
  };

  const finished = decide.result !== undefined || (noCa && created !== undefined);
  const busy = create.busy || enroll.busy || decide.busy;
  return (
    <Dialog
      title={t('newKey.title')}
      onClose={onClose}
      testId="new-key-wizard"
      actions={
        finished ? (
          <button type="button" className="primary" onClick={onClose} data-testid="wizard-close">{t('close')}</button>
        ) : (
          <>
            <button type="button" onClick={onClose}>{t('cancel')}</button>
            {index > 0 && !created ? <button type="button" onClick={goBack} disabled={busy}>{t('back')}</button> : null}
            {step === 'review' ? (
              <button type="button" className="primary" onClick={() => void onSend()} disabled={busy} data-testid="wizard-sign">
                {create.error || enroll.error ? t('retry') : noCa ? tw('newKey.save') : tw('newKey.send')}
              </button>
            ) : step === 'certificate' ? (
              <>
                <button type="button" onClick={() => void onDecide(false)} disabled={busy} data-testid="wizard-decline">{tw('newKey.wrong')}</button>
                <button type="button" className="primary" onClick={() => void onDecide(true)} disabled={busy} data-testid="wizard-accept">
                  {decide.error ? t('retry') : tw('newKey.sign')}
                </button>
              </>
            ) : (
              <button type="button" className="primary" onClick={() => setIndex(index + 1)} disabled={!canContinue} data-testid="wizard-next">
                {t('continue')}
              </button>
            )}
          </>
        )
      }
    >
      <WizardSteps names={STEPS.map((item) => tw(`newKey.steps.${item}`))} current={index} />
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
          {storage === 'token' ? <TokenPicker value={tokenLabel} onChange={setTokenLabel} onSlot={setSlot} /> : null}
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('newKey.name')}</label>
            <input id={`${id}-name`} value={name} maxLength={120} onChange={(event) => setName(event.target.value)} data-testid="new-key-name" />
          </div>
        </>
      ) : null}
      {step === 'entropy' || step === 'entropy2' ? (
        <>
          <p className="muted" data-testid="entropy-round">{tw('newKey.entropyRound', { round: step === 'entropy' ? 1 : 2 })}</p>
          {step === 'entropy2' ? <p>{tw('newKey.entropySecond')}</p> : null}
          <EntropyPad
            key={step}
            testId={step === 'entropy' ? 'entropy' : 'entropy-2'}
            label={t('newKey.entropyLabel')}
            hint={t('newKey.entropyHint')}
            progressLabel={t('newKey.entropyProgress')}
            percentText={(percent) => tw('newKey.percent', { percent })}
            onComplete={step === 'entropy' ? setEntropy : setEntropy2}
          />
          {(step === 'entropy' ? entropy : entropy2) ? <p className="success" role="status" data-testid="entropy-done">{t('newKey.entropyDone')}</p> : null}
          {storage === 'file' && step === 'entropy2' ? <p className="muted">{t('newKey.entropyFileNote')}</p> : null}
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
          {!caAddress && ca.profiles && ca.profiles.length > 0 ? <CaProfileSelect profiles={ca.profiles} value={ca.choice} onChange={ca.setChoice} /> : null}
          <TextField id={`${id}-full-name`} label={tw('newKey.fullName')} hint={tw('newKey.fullNameHint')} value={fullName} onChange={setFullName} testId="new-key-full-name" />
          <TextField id={`${id}-rnokpp`} label={tw('newKey.rnokpp')} hint={tw('newKey.rnokppHint')} error={rnokppOk ? undefined : tw('newKey.rnokppInvalid')} value={rnokpp} onChange={setRnokpp} testId="new-key-rnokpp" numeric />
          <TextField id={`${id}-email`} label={tw('newKey.email')} error={emailOk ? undefined : tw('newKey.emailInvalid')} value={email} onChange={setEmail} testId="new-key-email" type="email" />
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
      {step === 'account' ? (
        <>
          <h3>{tw('newKey.accountTitle')}</h3>
          <CaTarget target={target} />
          {noCa ? null : (
            <>
              <p>{tw('newKey.accountText')}</p>
              <SecretField label={tw('newKey.accountSecret')} value={oneTimeSecret} onChange={setOneTimeSecret} testId="new-key-account-secret" autoFocus />
            </>
          )}
        </>
      ) : null}
      {step === 'pin' && storage === 'token' && slot ? <TokenPinFields slot={slot} value={tokenPin} onChange={setTokenPin} testPrefix="new-key" /> : null}
      {step === 'pin' && storage === 'file' ? (
        <>
          <SecretField label={t('newKey.password')} hint={t('temporary.passwordRule')} value={secret} onChange={setSecret} testId="new-key-secret" autoFocus />
          <SecretField label={t('newKey.confirm')} value={confirm} onChange={setConfirm} error={mismatch ? t('temporary.mismatch') : undefined} testId="new-key-confirm" />
        </>
      ) : null}
      {step === 'review' ? (
        noCa && created ? (
          <>
            <p className="success" role="status" data-testid="wizard-done">{t('newKey.done')}</p>
            <p className="notice">{tw('newKey.kept')}</p>
          </>
        ) : (
          <>
            <h3>{t('newKey.review')}</h3>
            <dl className="facts" data-testid="new-key-review">
              <dt>{t('newKey.keyType')}</dt>
              <dd>{t(`newKey.types.${keyType}`)}</dd>
              <dt>{t('newKey.storage')}</dt>
              <dd>{storage === 'token' ? `${t('storage.token')}: ${tokenLabel}` : t('storage.file')}</dd>
              <dt>{t('newKey.name')}</dt>
              <dd data-testid="new-key-review-name">{keyName}</dd>
              <dt>{tw('newKey.fullName')}</dt>
              <dd>{fullName.trim()}</dd>
              {rnokpp.trim() ? (
                <>
                  <dt>{tw('newKey.rnokpp')}</dt>
                  <dd>{rnokpp.trim()}</dd>
                </>
              ) : null}
              {email.trim() ? (
                <>
                  <dt>{tw('newKey.email')}</dt>
                  <dd>{email.trim()}</dd>
                </>
              ) : null}
              <dt>{t('newKey.reference')}</dt>
              <dd>{reference.trim()}</dd>
              <dt>{t('newKey.phone')}</dt>
              <dd>{phone.trim()}</dd>
            </dl>
            <CaTarget target={target} />
            {created ? <p className="muted" data-testid="new-key-created">{tw('newKey.created')}</p> : null}
            {create.busy || enroll.busy ? <p role="status">{tw('newKey.sending')}</p> : null}
          </>
        )
      ) : null}
      {step === 'certificate' && enroll.result ? (
        decide.result ? (
          decide.result.status === 'active' ? (
            <>
              <p className="success" role="status" data-testid="wizard-done">{tw('newKey.ready', { name: decide.result.name })}</p>
              {decide.result.statementPath ? <SignedStatement path={decide.result.statementPath} /> : null}
            </>
          ) : (
            <p className="notice" role="status" data-testid="wizard-declined">{tw('newKey.declined')}</p>
          )
        ) : (
          <>
            <EnrollmentCertificate review={enroll.result} />
            {decide.busy ? <p role="status">{tw('newKey.signing')}</p> : null}
          </>
        )
      ) : null}
      {create.error ? <ErrorMessage error={create.error} /> : null}
      {enroll.error ? <ErrorMessage error={enroll.error} /> : null}
      {decide.error ? <ErrorMessage error={decide.error} /> : null}
    </Dialog>
  );
}

/** Where the request goes, or what to configure when it cannot go anywhere. */
function CaTarget({ target }: { target: EnrollmentTarget | undefined }) {
  const { t } = useTranslation('wizards');
  if (!target) return null;
  if (target.source === 'none') return <p className="notice" role="status" data-testid="new-key-no-ca">{t('newKey.caNone')}</p>;
  return (
    <p className="muted" data-testid="new-key-ca-target" data-source={target.source}>
      {target.source === 'qr' ? t('newKey.caFromQr', { url: target.url }) : t('newKey.caFromProfile', { name: target.profileName, url: target.url })}
    </p>
  );
}

function TextField({ id, label, hint, error, value, onChange, testId, numeric, type }: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange(value: string): void;
  testId: string;
  numeric?: boolean;
  type?: string;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type ?? 'text'} inputMode={numeric ? 'numeric' : undefined} value={value} maxLength={200} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={described} data-testid={testId} />
      {hint ? <span id={`${id}-hint`} className="field-hint">{hint}</span> : null}
      {error ? <span id={`${id}-error`} className="field-error" role="alert">{error}</span> : null}
    </div>
  );
}

/** Where the statement the new key signed is kept, and a way to it (the OS file manager, where there is one). */
function SignedStatement({ path }: { path: string }) {
  const { t: tw } = useTranslation('wizards');
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<unknown>();
  const show = async () => {
    try {
      setUnavailable(!(await api().files.showInFolder({ path })).shown);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <div className="field" data-testid="wizard-statement">
      <p>{tw('newKey.statementSaved')}</p>
      <p className="mono">{path}</p>
      <div className="toolbar">
        <button type="button" onClick={() => void show()} data-testid="wizard-statement-show">{tw('newKey.statementShow')}</button>
      </div>
      {unavailable ? <p className="muted">{tw('newKey.statementShowUnavailable')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
