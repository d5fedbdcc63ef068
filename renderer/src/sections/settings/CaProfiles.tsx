import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaProfile } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CaProfileDialog } from './CaProfileDialog';
import './ca-profiles-i18n';
import './ca-profiles.css';

type Open = { kind: 'edit'; profile: CaProfile | undefined } | { kind: 'delete'; profile: CaProfile } | undefined;

/** Settings → Certificate authorities: the CA profiles keys are sent to (CMP) and checked against (OCSP, CRL). */
export function CaProfiles() {
  const { t } = useTranslation('caProfiles');
  const [profiles, setProfiles] = useState<CaProfile[]>();
  const [open, setOpen] = useState<Open>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const id = useId();

  const reload = useCallback(async () => {
    try {
      setProfiles(await api().ca.profiles({}));
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  const onSaved = () => {
    setOpen(undefined);
    setStatus(t('saved'));
    void reload();
  };
  const onDelete = async (profile: CaProfile) => {
    setError(undefined);
    try {
      await api().ca.deleteProfile({ id: profile.id });
      setOpen(undefined);
      await reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="ca-profiles">
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <p className="field-hint">{t('hint')}</p>
      {profiles && profiles.length === 0 ? <p className="muted">{t('none')}</p> : null}
      <ul className="ca-profile-list">
        {profiles?.map((profile) => (
          <li key={profile.id} data-testid="ca-profile">
            <div>
              <strong>{profile.name}</strong>
              <span className="mono muted">{profile.cmpUrl ?? t('noCmp')}</span>
              <span className="muted">{t('anchors', { count: profile.trustAnchors.length })}</span>
            </div>
            <div className="ca-profile-actions">
              <button type="button" onClick={() => setOpen({ kind: 'edit', profile })} data-testid="ca-edit">
                {t('edit')}
                <span className="visually-hidden">{` — ${profile.name}`}</span>
              </button>
              <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete', profile })} data-testid="ca-delete">
                {t('delete')}
                <span className="visually-hidden">{` — ${profile.name}`}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setOpen({ kind: 'edit', profile: undefined })} data-testid="ca-add">{t('add')}</button>
      <p role="status" className="visually-hidden">{status}</p>
      {error ? <ErrorMessage error={error} /> : null}
      {open?.kind === 'edit' ? <CaProfileDialog profile={open.profile} onClose={() => setOpen(undefined)} onSaved={onSaved} /> : null}
      {open?.kind === 'delete' ? (
        <Dialog
          title={t('deleteTitle', { name: open.profile.name })}
          onClose={() => setOpen(undefined)}
          testId="ca-delete-dialog"
          actions={
            <>
              <button type="button" onClick={() => setOpen(undefined)} autoFocus>{t('cancel')}</button>
              <button type="button" className="danger" onClick={() => void onDelete(open.profile)} data-testid="ca-delete-confirm">{t('delete')}</button>
            </>
          }
        >
          <p>{t('deleteText')}</p>
        </Dialog>
      ) : null}
    </section>
  );
}
