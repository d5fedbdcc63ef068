import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { splitPath } from '../../format/format';
import { KeyChoice } from '../to-sign/KeyChoice';
import { useKeyChoice } from '../to-sign/use-key-choice';
import { useSigningKeys } from '../to-sign/use-signing-keys';

/** Another key signs the same document: a signer added to the existing signature file. */
export function CosignDialog({ entry, onClose, onDone }: { entry: HistoryEntry; onClose(): void; onDone(): void }) {
  const { t } = useTranslation('history');
  const dialog = useRef<HTMLDialogElement>(null);
  const { keys } = useSigningKeys();
  const signedWith = new Set(entry.signers.map((signer) => signer.keyRef));
  const others = keys.filter((key) => !signedWith.has(key.keyRef));
  const { choice, setChoice, typedRef, setTypedRef, keyRef } = useKeyChoice(others);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = useId();

  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api().history.cosign({ id: entry.id, keyRef, ...(secret ? { secret } : {}) });
      setSecret('');
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} aria-labelledby={`${id}-title`} onClose={onClose} data-testid="cosign-dialog">
      <form onSubmit={(event) => void onSubmit(event)}>
        <div className="dialog-body">
          <h2 id={`${id}-title`}>{t('cosign.title', { name: splitPath(entry.documentPath).name })}</h2>
          <p className="muted">{t('cosign.text', { count: entry.signers.length })}</p>
          <KeyChoice keys={others} choice={choice} onChoice={setChoice} typedRef={typedRef} onTypedRef={setTypedRef} testIdPrefix="cosign" />
          <div className="field">
            <label htmlFor={`${id}-secret`}>{t('cosign.secret')}</label>
            <input id={`${id}-secret`} data-testid="cosign-secret" type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />
          </div>
          {error ? <ErrorMessage error={error} /> : null}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>{t('cancel')}</button>
          <button type="submit" className="primary" data-testid="cosign-submit" disabled={busy || !keyRef}>{t('cosign.submit')}</button>
        </div>
      </form>
    </dialog>
  );
}
