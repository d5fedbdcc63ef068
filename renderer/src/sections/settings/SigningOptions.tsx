import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../app/app-state';
import { ErrorMessage } from '../../components/ErrorMessage';
import './signing-options-i18n';

/** The typed time-stamp service: its http(s) address, null when empty (no time-stamp), undefined when neither. */
export function tsaUrlOf(text: string): string | null | undefined {
  const clean = text.trim();
  if (clean === '') return null;
  if (!URL.canParse(clean)) return undefined;
  return /^https?:$/.test(new URL(clean).protocol) ? clean : undefined;
}

/** How new signatures are made: the time-stamp service (B-T) and attached CAdES. */
export function SigningOptions() {
  const { t } = useTranslation('signingOptions');
  const { settings, updateSettings } = useAppState();
  const [typed, setTyped] = useState(settings.tsaUrl ?? '');
  const [invalid, setInvalid] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();
  const id = useId();
  // The box answers the click at once; a failed save puts it back.
  const [attached, setAttached] = useState(settings.attachedSignatures);
  useEffect(() => setTyped(settings.tsaUrl ?? ''), [settings.tsaUrl]);
  useEffect(() => setAttached(settings.attachedSignatures), [settings.attachedSignatures]);

  const save = async (patch: Parameters<typeof updateSettings>[0]): Promise<boolean> => {
    setError(undefined);
    setStatus('');
    try {
      await updateSettings(patch);
      setStatus(t('saved'));
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };
  const onAttached = async (checked: boolean) => {
    setAttached(checked);
    if (!(await save({ attachedSignatures: checked }))) setAttached(!checked);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const tsaUrl = tsaUrlOf(typed);
    setInvalid(tsaUrl === undefined);
    if (tsaUrl !== undefined) void save({ tsaUrl });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="signing-options">
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <form className="field" onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-tsa`}>{t('tsaLabel')}</label>
        <div className="toolbar">
          <input
            id={`${id}-tsa`}
            className="mono grow-input"
            data-testid="settings-tsa"
            type="url"
            inputMode="url"
            placeholder="https://"
            value={typed}
            onChange={(event) => {
              setTyped(event.target.value);
              setInvalid(false);
              setStatus('');
            }}
            aria-invalid={invalid}
            aria-describedby={`${id}-tsa-hint${invalid ? ` ${id}-tsa-error` : ''}`}
          />
          <button type="submit" data-testid="settings-tsa-save">{t('save')}</button>
        </div>
        {invalid ? (
          <span id={`${id}-tsa-error`} className="field-error" role="alert" data-testid="settings-tsa-error">
            {t('tsaInvalid')}
          </span>
        ) : null}
        <span id={`${id}-tsa-hint`} className="field-hint">{t('tsaHint')}</span>
      </form>
      <label className="checkbox">
        <input type="checkbox" data-testid="settings-attached" checked={attached} onChange={(event) => void onAttached(event.target.checked)} />
        {t('attached')}
      </label>
      <p className="visually-hidden" role="status" data-testid="signing-options-status">{status}</p>
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}
