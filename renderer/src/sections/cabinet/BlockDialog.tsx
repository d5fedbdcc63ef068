import './ca-i18n';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BlockResult, CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { effectiveProfile } from './ca-profile-choice';
import { useCaProfiles } from './use-ca-profiles';

/**
 * Block: always the local block; when the key's CA has CMP and the key a certificate, also a hold request
 * (rr certificateHold) signed by the key, for which the password or PIN is asked. Says what the CA did.
 */
export function BlockDialog({ cabinetKey, onClose, onChanged }: { cabinetKey: CabinetKey; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation('cabinetCa');
  const { profiles } = useCaProfiles();
  const [secret, setSecret] = useState('');
  const [result, setResult] = useState<BlockResult>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const ca = profiles ? effectiveProfile(profiles, cabinetKey.caProfileId) : undefined;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api().cabinet.block({ keyId: cabinetKey.id, ...(cabinetKey.caHold ? { secret } : {}) }));
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Dialog title={t('blockTitle', { name: cabinetKey.owner ?? cabinetKey.name })} onClose={onClose} testId="block-dialog" actions={<button type="button" onClick={onClose} autoFocus>{t('close')}</button>}>
        <p role="status" data-testid="block-outcome" data-outcome={result.ca} className={result.ca === 'held' || result.ca === 'notSent' ? undefined : 'error-message'}>
          {t(result.ca, { code: result.errorCode ?? '' })}
        </p>
      </Dialog>
    );
  }
  return (
    <Dialog
      title={t('blockTitle', { name: cabinetKey.owner ?? cabinetKey.name })}
      onClose={onClose}
      testId="block-dialog"
      actions={
        <>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
          <button type="submit" form="block-form" className="danger" disabled={busy || (cabinetKey.caHold && secret === '')} data-testid="block-confirm">{t('block')}</button>
        </>
      }
    >
      <form id="block-form" onSubmit={(event) => void onSubmit(event)}>
        <p>{t('blockText')}</p>
        {cabinetKey.caHold ? (
          <>
            <p>{t('blockHoldText', { ca: ca?.name ?? '' })}</p>
            <SecretField label={t('secret')} value={secret} onChange={setSecret} testId="block-secret" autoFocus />
          </>
        ) : null}
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
