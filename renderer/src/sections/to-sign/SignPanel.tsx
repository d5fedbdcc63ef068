import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIBLE_SIGNATURE_LANGUAGES, type BatchSummary, type VisibleSignatureLanguage } from '../../../../preload/contract/domains/queue';
import { api } from '../../api';
import { useAppState } from '../../app/app-state';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FormatChoice, type FormatOptions } from './FormatChoice';
import { KeyChoice } from './KeyChoice';
import { useKeyChoice } from './use-key-choice';
import { useSigningKeys } from './use-signing-keys';

/** Key, PIN or password once, Sign: one batch over the selected documents. */
export function SignPanel({ documentIds, onStarted }: { documentIds: readonly number[]; onStarted(batch: BatchSummary): void }) {
  const { t, i18n } = useTranslation('toSign');
  const { settings, updateSettings } = useAppState();
  const [formatOptions, setFormatOptions] = useState<FormatOptions>(() => ({
    format: settings.signatureFormat,
    visibleCorner: settings.pdfVisibleSignature?.corner ?? null,
    packet: null,
  }));
  // The format and a visible signature's place are remembered; a packet's name belongs to this selection only.
  const onFormat = (next: FormatOptions) => {
    setFormatOptions(next);
    if (next.format !== formatOptions.format || next.visibleCorner !== formatOptions.visibleCorner) {
      void updateSettings({ signatureFormat: next.format, pdfVisibleSignature: next.visibleCorner ? { page: 1, corner: next.visibleCorner } : null }).catch(setError);
    }
  };
  const language: VisibleSignatureLanguage = (VISIBLE_SIGNATURE_LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as VisibleSignatureLanguage) : 'en';
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
      const { format, visibleCorner, packet } = formatOptions;
      const visible = format === 'pades' && visibleCorner ? { page: 1, corner: visibleCorner, language } : null;
      const batch = await api().queue.sign({
        documentIds: [...documentIds],
        keyRef,
        ...(secret ? { secret } : {}),
        format,
        attached: format === 'cades' && settings.attachedSignatures,
        outDir: settings.outputDir,
        tsaUrl: settings.tsaUrl,
        ...(visible ? { visible } : {}),
        ...(format === 'asice' && packet !== null ? { packet: packet.trim() } : {}),
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
      <FormatChoice value={formatOptions} onChange={onFormat} packetDefault={`documents-${new Date().toISOString().slice(0, 10)}.asice`} />
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
