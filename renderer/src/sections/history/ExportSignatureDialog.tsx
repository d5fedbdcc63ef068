import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../preload/contract/domains/history';
import { api } from '../../api';
import { useAppState } from '../../app/app-state';
import { ErrorMessage } from '../../components/ErrorMessage';
import { splitPath } from '../../format/format';

/**
 * Where to write a copy of the stored signature: the OS save dialog in the app; in a browser (no native dialog)
 * a path typed here, in the data folder by default.
 */
export function ExportSignatureDialog({ entry, onClose, onDone }: { entry: HistoryEntry; onClose(): void; onDone(path: string): void }) {
  const { t } = useTranslation('history');
  const { info } = useAppState();
  const dialog = useRef<HTMLDialogElement>(null);
  // A PDF's or a container's entry keeps the CMS of its last signer: it is exported as a detached .p7s.
  const name = entry.format === 'cades' ? splitPath(entry.outputPath).name : `${splitPath(entry.outputPath).name}.p7s`;
  const [target, setTarget] = useState(`${info.dataDir}/${name}`);
  const [overwrite, setOverwrite] = useState(false);
  const [native, setNative] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>();
  const id = useId();

  const write = async (path: string, replace: boolean) => {
    try {
      const written = await api().history.exportSignature({ id: entry.id, path, overwrite: replace });
      onDone(written.path);
    } catch (caught) {
      setError(caught);
    }
  };

  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void api()
      .files.saveDialog({ defaultName: name })
      .then(async (answer) => {
        if (!answer.native) {
          setNative(false);
          return;
        }
        setNative(true);
        if (answer.paths[0]) await write(answer.paths[0], true);
        else onClose();
      })
      .catch((caught: unknown) => setError(caught));
    // Runs once per dialog: the save dialog opens as this component mounts.
  }, []);

  useEffect(() => {
    if (native === false && !dialog.current?.open) dialog.current?.showModal();
  }, [native]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void write(target.trim(), overwrite);
  };

  if (native !== false) return error ? <ErrorMessage error={error} /> : null;
  return (
    <dialog ref={dialog} aria-labelledby={`${id}-title`} onClose={onClose} data-testid="export-signature-dialog">
      <form onSubmit={onSubmit}>
        <div className="dialog-body">
          <h2 id={`${id}-title`}>{t('export.title')}</h2>
          <p className="muted">{t('export.noDialog')}</p>
          <div className="field">
            <label htmlFor={`${id}-path`}>{t('export.path')}</label>
            <input id={`${id}-path`} className="mono" data-testid="export-signature-path" value={target} onChange={(event) => setTarget(event.target.value)} spellCheck={false} />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)} /> {t('export.overwrite')}
          </label>
          {error ? <ErrorMessage error={error} /> : null}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()}>{t('cancel')}</button>
          <button type="submit" className="primary" data-testid="export-signature-save" disabled={!target.trim()}>{t('export.save')}</button>
        </div>
      </form>
    </dialog>
  );
}
