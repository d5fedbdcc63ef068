import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentSigningRequest } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatBytes } from '../../format/format';
import { callerText } from './use-agent';
import '../../formats/i18n';

/**
 * What a website or program wants signed, in full, before anything is signed: requester, key, format, the
 * documents (names and sizes) or the hash; the PIN or password is typed here and nowhere else.
 */
const VISIBLE_LANGUAGE_KEYS = { uk: 'consent.visibleUk', ru: 'consent.visibleRu', en: 'consent.visibleEn' } as const;

export function ConsentDialog({ request }: { request: AgentSigningRequest }) {
  const { t, i18n } = useTranslation('agent');
  const id = useId();
  const [secret, setSecret] = useState('');
  const [forSession, setForSession] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const caller = callerText(request.caller, t);

  const decide = async (allow: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await api().agent.decide({ id: request.id, allow, ...(allow && secret ? { secret } : {}), ...(allow ? { forSession } : {}) });
    } catch (caught) {
      // A wrong PIN leaves the request waiting: the dialog stays for another try.
      setError(caught);
      setSecret('');
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void decide(true);
  };
  const formatText =
    request.format === 'pades'
      ? t('consent.pades')
      : request.format === 'asice'
        ? request.packet
          ? t('consent.asicePacket', { packet: request.packet })
          : t('consent.asice')
        : t('consent.formatValue', { format: 'CAdES', packaging: t(`consent.${request.packaging ?? 'detached'}`) });
  const storage = t(`consent.${request.key.storage}`, { label: request.key.storageLabel });
  const approving = busy || request.approving;

  return (
    <Dialog
      title={t('consent.title')}
      onClose={() => void decide(false)}
      testId="agent-consent-dialog"
      wide
      actions={
        <>
          <button type="button" className="danger" disabled={approving} onClick={() => void decide(false)} data-testid="agent-consent-deny">
            {t('consent.deny')}
          </button>
          <button type="submit" form={`${id}-form`} className="primary" disabled={approving} data-testid="agent-consent-approve">
            {approving ? t('consent.approving') : t('consent.approve', { count: request.count })}
          </button>
        </>
      }
    >
      <dl className="facts agent-facts">
        <dt>{t('consent.from')}</dt>
        <dd className={request.caller.kind === 'origin' ? 'mono' : undefined} data-testid="agent-consent-caller">{caller}</dd>
        <dt>{t('consent.key')}</dt>
        <dd data-testid="agent-consent-key">{`${request.key.name}${request.key.owner ? ` — ${request.key.owner}` : ''} (${storage})`}</dd>
        <dt>{t('consent.format')}</dt>
        <dd data-testid="agent-consent-format">{formatText}</dd>
        {request.visible ? (
          <>
            <dt>{t('consent.visible')}</dt>
            <dd data-testid="agent-consent-visible">
              {t('consent.visibleValue', { page: request.visible.page, corner: t(`formats:corners.${request.visible.corner}`), language: t(VISIBLE_LANGUAGE_KEYS[request.visible.language]) })}
            </dd>
          </>
        ) : null}
        {request.timestamp ? (
          <>
            <dt>{t('consent.timestamp')}</dt>
            <dd className="mono" data-testid="agent-consent-timestamp">{request.timestamp}</dd>
          </>
        ) : null}
        <dt>{t('consent.what')}</dt>
        <dd data-testid="agent-consent-what">
          {request.hash ? t('consent.hash', { algorithm: request.hash.algorithm }) : t('consent.documents', { count: request.count, size: formatBytes(request.totalBytes, i18n.language) })}
        </dd>
      </dl>
      {request.hash ? (
        <p className="mono agent-hash" data-testid="agent-consent-hash">
          {request.hash.value.match(/.{1,8}/g)!.join(' ')}
        </p>
      ) : (
        <div className="agent-documents" tabIndex={0} role="region" aria-labelledby={`${id}-list`}>
          <table data-testid="agent-consent-documents">
            <caption id={`${id}-list`}>{t('consent.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('consent.name')}</th>
                <th scope="col" className="agent-size">{t('consent.size')}</th>
              </tr>
            </thead>
            <tbody>
              {request.documents.map((document, index) => (
                <tr key={index} data-testid="agent-consent-document">
                  <td>{document.name}</td>
                  <td className="agent-size">{formatBytes(document.size, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {request.count > request.documents.length ? <p className="muted">{t('consent.more', { count: request.count - request.documents.length })}</p> : null}
        </div>
      )}
      <form id={`${id}-form`} onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{t(request.secretKind === 'pin' ? 'consent.pin' : 'consent.password')}</label>
          <input
            id={`${id}-secret`}
            type="password"
            autoComplete="off"
            inputMode={request.secretKind === 'pin' ? 'numeric' : undefined}
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
            aria-describedby={`${id}-secret-hint`}
            data-testid="agent-consent-secret"
            autoFocus
          />
          <span id={`${id}-secret-hint`} className="field-hint">
            {t(request.secretKind === 'pin' ? 'consent.secretHint' : 'consent.passwordHint')}
          </span>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={forSession} onChange={(event) => setForSession(event.target.checked)} data-testid="agent-consent-session" />
          {t('consent.session')}
        </label>
      </form>
      <p className="muted agent-expires">{t('consent.expires', { time: new Date(request.expiresAt).toLocaleTimeString(i18n.language) })}</p>
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
