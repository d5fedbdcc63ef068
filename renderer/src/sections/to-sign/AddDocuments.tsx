import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { parseTypedPaths, uploadFiles, type IntakeResult } from '../../files/file-intake';

/** Add files, add a folder, type paths: native dialogs in the app, `<input type=file>` uploads in a browser. */
export function AddDocuments({ onIntake }: { onIntake(result: Promise<IntakeResult>): void }) {
  const { t } = useTranslation('toSign');
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const id = useId();

  const pick = async (kind: 'files' | 'folder') => {
    const answer = await api().files.openDialog({ kind, multiple: true });
    if (!answer.native) {
      (kind === 'files' ? filesInput : folderInput).current?.click();
      return;
    }
    if (answer.paths.length > 0) onIntake(api().files.expand({ paths: answer.paths }).then(({ files }) => ({ paths: files, failed: [] })));
  };
  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length > 0) onIntake(uploadFiles(files, 'sign'));
  };
  const onTyped = () => {
    const paths = parseTypedPaths(typed);
    dialog.current?.close();
    setTyped('');
    if (paths.length > 0) onIntake(api().files.expand({ paths }).then(({ files }) => ({ paths: files, failed: [] })));
  };

  return (
    <>
      <button type="button" data-testid="add-files" onClick={() => void pick('files')}>{t('add.files')}</button>
      <button type="button" data-testid="add-folder" onClick={() => void pick('folder')}>{t('add.folder')}</button>
      <button type="button" data-testid="add-typed" onClick={() => dialog.current?.showModal()}>{t('add.typed')}</button>
      <input ref={filesInput} type="file" multiple hidden data-testid="add-files-input" onChange={onPicked} tabIndex={-1} aria-hidden="true" />
      <input
        ref={(element) => {
          folderInput.current = element;
          element?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        hidden
        onChange={onPicked}
        tabIndex={-1}
        aria-hidden="true"
      />
      <dialog ref={dialog} aria-labelledby={`${id}-title`}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onTyped();
          }}
        >
          <div className="dialog-body">
            <h2 id={`${id}-title`}>{t('add.typedTitle')}</h2>
            <div className="field">
              <label htmlFor={`${id}-paths`}>{t('add.typedLabel')}</label>
              <textarea id={`${id}-paths`} data-testid="add-typed-paths" rows={6} className="mono" value={typed} onChange={(event) => setTyped(event.target.value)} spellCheck={false} />
            </div>
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={() => dialog.current?.close()}>{t('add.cancel')}</button>
            <button type="submit" className="primary" data-testid="add-typed-submit">{t('add.add')}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
