import './ca-i18n';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CaProfileSelect } from './CaProfileSelect';
import { useCaProfiles } from './use-ca-profiles';

/** Actions → Certificate authority…: which CA profile this key's requests, blocks and status checks use. */
export function KeyCaProfileDialog({ cabinetKey, onClose, onChanged }: { cabinetKey: CabinetKey; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('cabinetCa');
  const { profiles, error: loadError } = useCaProfiles();
  const [choice, setChoice] = useState<string | null>(cabinetKey.caProfileId);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api().cabinet.setCaProfile({ keyId: cabinetKey.id, profileId: choice });
      onChanged();
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('chooseTitle', { name: cabinetKey.owner ?? cabinetKey.name })}
      onClose={onClose}
      testId="key-ca-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
          <button type="submit" form="key-ca-form" className="primary" disabled={busy || !profiles} data-testid="key-ca-save">{t('save')}</button>
        </>
      }
    >
      <form id="key-ca-form" onSubmit={(event) => void onSubmit(event)}>
        {profiles ? <CaProfileSelect profiles={profiles} value={choice} onChange={setChoice} hint={t('chooseHint')} /> : null}
        <p className="muted">{t('manage')}</p>
      </form>
      {loadError ? <ErrorMessage error={loadError} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
