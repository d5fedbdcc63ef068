import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format/format';
import { callerText, useAgentAccess } from './use-agent';
import './i18n';
import './agent.css';

/** Settings → Signing agent: its address, the allowed websites (revocable) and the session allowances (stoppable). */
export function AgentSettings() {
  const { t, i18n } = useTranslation('agent');
  const { access, status, error: loadError } = useAgentAccess();
  const [error, setError] = useState<unknown>();
  const id = useId();
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const run = (action: Promise<unknown>) => {
    setError(undefined);
    action.catch(setError);
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="agent-settings">
      <h2 id={`${id}-title`}>{t('settings.title')}</h2>
      <p className="field-hint">{t('settings.hint')}</p>
      <dl className="facts">
        <dt>{t('settings.address')}</dt>
        <dd className="mono" data-testid="agent-address">{status?.url ?? t('settings.off')}</dd>
      </dl>
      <h3>{t('settings.origins')}</h3>
      {access.origins.length === 0 ? <p className="muted">{t('settings.noOrigins')}</p> : null}
      <ul className="agent-list">
        {access.origins.map((origin) => (
          <li key={origin.origin} data-testid="agent-origin-row">
            <span>
              <span className="mono">{origin.origin}</span>
              <br />
              <span className="muted">
                {t('settings.paired', { at: when(origin.pairedAt) })}
                {origin.lastUsedAt ? ` · ${t('settings.lastUsed', { at: when(origin.lastUsedAt) })}` : ''}
              </span>
            </span>
            <button type="button" className="danger" onClick={() => run(api().agent.revokeOrigin({ origin: origin.origin }))} data-testid="agent-origin-revoke">
              {t('settings.revoke')}
              <span className="visually-hidden">{` — ${origin.origin}`}</span>
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('settings.sessions')}</h3>
      {access.sessions.length === 0 ? <p className="muted">{t('settings.noSessions')}</p> : null}
      <ul className="agent-list">
        {access.sessions.map((session) => (
          <li key={session.id} data-testid="agent-settings-session">
            <span>
              {callerText(session.caller, t)} — {session.keyName}
              <br />
              <span className="muted">{t('settings.since', { at: when(session.since), count: session.signed })}</span>
            </span>
            <button type="button" onClick={() => run(api().agent.stopSession({ id: session.id }))}>
              {t('settings.stop')}
            </button>
          </li>
        ))}
      </ul>
      <p className="field-hint">{t('settings.tokensHint')}</p>
      {loadError ? <ErrorMessage error={loadError} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}
