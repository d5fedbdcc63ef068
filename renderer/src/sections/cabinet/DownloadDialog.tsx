import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAsyncAction } from '../../components/use-async-action';

type Format = 'pem' | 'der' | 'p7b';

export function DownloadDialog({ cabinetKey, onClose }: { cabinetKey: CabinetKey; onClose(): void }) {
  const { t } = useTranslation('cabinet');
  const id = useId();
  const [folder, setFolder] = useState('');
  const [formats, setFormats] = useState<Format[]>(['pem', 'der', 'p7b']);
  const save = useAsyncAction((path: string, chosen: Format[]) => api().cabinet.exportCertificates({ keyId: cabinetKey.id, folder: path, formats: chosen }));
  const choose = async () => {
    const answer = await api().files.openDialog({ kind: 'folder' });
    if (answer.native && answer.paths[0]) setFolder(answer.paths[0]);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(folder.trim(), formats);
  };
  const toggle = (format: Format) => setFormats((current) => (current.includes(format) ? current.filter((item) => item !== format) : [...current, format]));
  return (
    <Dialog
      title={t('download.title', { name: cabinetKey.owner ?? cabinetKey.name })}
      onClose={onClose}
      testId="download-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>{t('close')}</button>
          <button type="submit" form={`${id}-form`} className="primary" disabled={save.busy || !folder.trim() || formats.length === 0} data-testid="download-save">
            {t('download.save')}
          </button>
        </>
      }
    >
      <form id={`${id}-form`} onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-folder`}>{t('download.folder')}</label>
          <div className="toolbar">
            <input id={`${id}-folder`} value={folder} onChange={(event) => setFolder(event.target.value)} aria-describedby={`${id}-hint`} style={{ flex: 1 }} data-testid="download-folder" />
            <button type="button" onClick={() => void choose()}>{t('download.choose')}</button>
          </div>
          <span id={`${id}-hint`} className="field-hint">{t('download.folderHint')}</span>
        </div>
        <fieldset className="choice-list">
          <legend>{t('download.formats')}</legend>
          {(['pem', 'der', 'p7b'] as const).map((format) => (
            <label key={format}>
              <input type="checkbox" checked={formats.includes(format)} onChange={() => toggle(format)} data-testid={`download-format-${format}`} />
              {t(`download.${format}`)}
            </label>
          ))}
        </fieldset>
      </form>
      {save.error ? <ErrorMessage error={save.error} /> : null}
      {save.result ? <p className="success" role="status" data-testid="download-done">{t('download.saved', { files: save.result.files.join(', ') })}</p> : null}
    </Dialog>
  );
}
