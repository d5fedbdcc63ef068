import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useAppState } from '../../app/app-state';
import { ErrorMessage } from '../../components/ErrorMessage';
import './watched-folders-i18n';
import './watched-folders.css';

/** Inbox folders whose new files join the to-sign list, and whether a finished batch raises a notification. */
export function WatchedFolders() {
  const { t } = useTranslation('signingSettings');
  const { settings, updateSettings } = useAppState();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>();
  const id = useId();

  const save = async (watchedFolders: string[]) => {
    setError(undefined);
    try {
      await updateSettings({ watchedFolders });
    } catch (caught) {
      setError(caught);
    }
  };
  const add = (folder: string) => {
    const clean = folder.trim();
    if (clean && !settings.watchedFolders.includes(clean)) void save([...settings.watchedFolders, clean]);
  };
  const choose = async () => {
    try {
      const answer = await api().files.openDialog({ kind: 'folder' });
      if (!answer.native) document.getElementById(`${id}-path`)?.focus();
      else if (answer.paths[0]) add(answer.paths[0]);
    } catch (caught) {
      setError(caught);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add(typed);
    setTyped('');
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="watched-folders">
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <p className="field-hint">{t('hint')}</p>
      {settings.watchedFolders.length === 0 ? <p className="muted">{t('none')}</p> : null}
      <ul className="watched-list">
        {settings.watchedFolders.map((folder) => (
          <li key={folder}>
            <span className="mono">{folder}</span>
            <button type="button" className="danger" onClick={() => void save(settings.watchedFolders.filter((f) => f !== folder))}>
              {t('remove')}
              <span className="visually-hidden">{` — ${folder}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <form className="toolbar" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor={`${id}-path`}>{t('pathLabel')}</label>
        <input id={`${id}-path`} className="mono grow-input" data-testid="watched-path" value={typed} onChange={(event) => setTyped(event.target.value)} placeholder={t('pathLabel')} spellCheck={false} />
        <button type="submit" data-testid="watched-add" disabled={!typed.trim()}>{t('add')}</button>
        <button type="button" onClick={() => void choose()}>{t('choose')}</button>
      </form>
      <label className="checkbox">
        <input type="checkbox" data-testid="notify-batch" checked={settings.notifyWhenBatchEnds} onChange={(event) => void updateSettings({ notifyWhenBatchEnds: event.target.checked }).catch(setError)} />
        {t('notify')}
      </label>
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}
