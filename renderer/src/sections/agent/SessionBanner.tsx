import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { callerText, useAgentAccess } from './use-agent';
import './i18n';
import './agent.css';

/** While any "allow for this session" is on, a banner says who signs without asking, with a Stop button. */
export function SessionBanner() {
  const { t } = useTranslation('agent');
  const { access } = useAgentAccess();
  if (access.sessions.length === 0) return null;
  return (
    <div className="notice agent-banner" role="status" data-testid="agent-session-banner">
      {access.sessions.map((session) => (
        <div key={session.id} className="agent-banner-row">
          <span>{t('banner.text', { caller: callerText(session.caller, t), key: session.keyName, count: session.signed })}</span>
          <button type="button" onClick={() => void api().agent.stopSession({ id: session.id })} data-testid="agent-session-stop">
            {t('banner.stop')}
          </button>
        </div>
      ))}
    </div>
  );
}
