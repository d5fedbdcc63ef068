import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchSummary } from '../../../../preload/contract/domains/queue';
import { api } from '../../api';
import { useAppState } from '../../app/app-state';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KeyChoice } from './KeyChoice';
import { useKeyChoice } from './use-key-choice';
import { useSigningKeys } from './use-signing-keys';

/** Key, PIN or password once, Sign: one batch over the selected documents. */
export function SignPanel({ documentIds, onStarted }: { documentIds: readonly number[]; onStarted(batch: BatchSummary): void }) {
  const { t } = useTranslation('toSign');
  const { settings } = useAppState();
  const { keys, error: keysError } = useSigningKeys();
  const { choice, setChoice, typedRef, setTypedRef, keyRef } = useKeyChoice(keys);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!keyRef || documentIds.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const batch = await api().queue.sign({
        documentIds: [...documentIds],
        keyRef,
        ...(secret ? { secret } : {}),
        attached: settings.attachedSignatures,
        outDir: settings.outputDir,
        tsaUrl: settings.tsaUrl,
      });
      setSecret('');
      onStarted(batch);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card sign-panel" aria-labelledby={`${id}-title`} onSubmit={(event) => void onSubmit(event)}>
      <h2 id={`${id}-title`}>{t('sign.title')}</h2>
      <KeyChoice keys={keys} choice={choice} onChoice={setChoice} typedRef={typedRef} onTypedRef={setTypedRef} testIdPrefix="sign" />
      <div className="field">
        <label htmlFor={`${id}-secret`}>{t('sign.secret')}</label>
        <input
          id={`${id}-secret`}
          data-testid="sign-secret"
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
          aria-describedby={`${id}-secret-hint`}
        />
        <span id={`${id}-secret-hint`} className="field-hint">{t('sign.secretHint')}</span>
      </div>
      <button type="submit" className="primary" data-testid="sign-start" disabled={busy || !keyRef || documentIds.length === 0}>
        {t('sign.start', { count: documentIds.length })}
      </button>
      {keysError ? <ErrorMessage error={keysError} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
