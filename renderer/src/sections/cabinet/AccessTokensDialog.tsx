import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessTokenInfo, CabinetKey } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';

/** Generate (shown once), list and revoke the key's access tokens. */
export function AccessTokensDialog({ cabinetKey, onClose }: { cabinetKey: CabinetKey; onClose(): void }) {
  const { t, i18n } = useTranslation('cabinet');
  const id = useId();
  const [label, setLabel] = useState('');
  const [tokens, setTokens] = useState<AccessTokenInfo[]>([]);
  const [fresh, setFresh] = useState<string>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => api().cabinet.listAccessTokens({ keyId: cabinetKey.id }).then(setTokens, setError), [cabinetKey.id]);
  useEffect(() => void reload(), [reload]);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const created = await api().cabinet.createAccessToken({ keyId: cabinetKey.id, label: label.trim() });
      setFresh(created.token);
      setLabel('');
      await reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const revoke = async (tokenId: string) => {
    setError(undefined);
    try {
      await api().cabinet.revokeAccessToken({ tokenId });
      await reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const close = () => {
    setFresh(undefined);
    onClose();
  };

  return (
    <Dialog title={t('tokens.title', { name: cabinetKey.owner ?? cabinetKey.name })} onClose={close} testId="access-tokens-dialog" actions={<button type="button" onClick={close}>{t('close')}</button>}>
      <p className="muted">{t('tokens.text')}</p>
      <form onSubmit={(event) => void onCreate(event)} className="field">
        <label htmlFor={`${id}-label`}>{t('tokens.label')}</label>
        <div className="toolbar">
          <input id={`${id}-label`} value={label} maxLength={80} onChange={(event) => setLabel(event.target.value)} style={{ flex: 1 }} data-testid="access-token-label" />
          <button type="submit" className="primary" data-testid="access-token-create">{t('tokens.create')}</button>
        </div>
      </form>
      {fresh ? (
        <div className="notice" role="status">
          <p>{t('tokens.shownOnce')}</p>
          <p className="mono token-once" aria-label={t('tokens.token')} data-testid="access-token-value">{fresh}</p>
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <h3>{t('tokens.list')}</h3>
      {tokens.length === 0 ? <p className="muted">{t('tokens.none')}</p> : null}
      <ul className="token-list" data-testid="access-token-list">
        {tokens.map((token) => (
          <li key={token.id} data-testid="access-token-item" data-revoked={token.revoked ? 'true' : 'false'}>
            <span>
              <strong>{token.label || token.prefix}</strong> <span className="mono muted">{token.prefix}…</span>
              <br />
              <span className="muted">{token.revoked ? t('tokens.revoked', { at: when(token.revoked) }) : t('tokens.created', { at: when(token.created) })}</span>
            </span>
            {token.revoked ? null : (
              <button type="button" className="danger" onClick={() => void revoke(token.id)} aria-label={t('tokens.revokeNamed', { label: token.label || token.prefix })} data-testid="access-token-revoke">
                {t('tokens.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
