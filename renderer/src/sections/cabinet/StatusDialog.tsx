import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAsyncAction } from '../../components/use-async-action';

export function StatusDialog({ cabinetKey, onClose, onChanged }: { cabinetKey: CabinetKey; onClose(): void; onChanged(): void }) {
  const { t, i18n } = useTranslation('cabinet');
  const check = useAsyncAction(() => api().cabinet.checkStatus({ keyId: cabinetKey.id }));
  useEffect(() => {
    void check.run().then(onChanged);
  }, []);
  const result = check.result;
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—');
  let text = '';
  if (result) {
    text =
      result.status === 'unavailable'
        ? t(`statusCheck.unavailable.${result.reason ?? 'noService'}`)
        : t(`statusCheck.${result.status}`, { source: result.source?.toUpperCase() ?? '', at: when(result.status === 'revoked' ? result.revokedAt : result.checkedAt) });
  }
  const tone = result?.status === 'good' ? 'success' : result?.status === 'revoked' ? 'error-message' : 'notice';
  return (
    <Dialog
      title={t('statusCheck.title', { name: cabinetKey.owner ?? cabinetKey.name })}
      onClose={onClose}
      testId="status-dialog"
      actions={
        <>
          <button type="button" onClick={() => void check.run().then(onChanged)} disabled={check.busy}>{t('retry')}</button>
          <button type="button" onClick={onClose}>{t('close')}</button>
        </>
      }
    >
      {check.busy ? <p role="status">{t('statusCheck.checking')}</p> : null}
      {check.error ? <ErrorMessage error={check.error} /> : null}
      {result ? <p className={tone} role="status" data-testid="status-result" data-status={result.status} data-reason={result.reason ?? undefined}>{text}</p> : null}
    </Dialog>
  );
}
