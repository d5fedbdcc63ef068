import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentPairingRequest } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';

/** A website asks to be allowed: its origin and the code it shows, so the user can tell it is that page. */
export function PairingDialog({ request }: { request: AgentPairingRequest }) {
  const { t } = useTranslation('agent');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const decide = async (allow: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await api().agent.decide({ id: request.id, allow });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('pairing.title')}
      onClose={() => void decide(false)}
      testId="agent-pairing-dialog"
      actions={
        <>
          <button type="button" className="danger" disabled={busy} onClick={() => void decide(false)} data-testid="agent-pairing-deny">
            {t('pairing.deny')}
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void decide(true)} data-testid="agent-pairing-allow">
            {t('pairing.allow')}
          </button>
        </>
      }
    >
      <p>{t('pairing.text')}</p>
      <p className="mono agent-origin" data-testid="agent-pairing-origin">{request.caller.origin}</p>
      <p>{t('pairing.check')}</p>
      <p className="agent-code" aria-label={t('pairing.codeLabel')} data-testid="agent-pairing-code">
        {request.code}
      </p>
      <p className="muted">{t('pairing.note')}</p>
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
