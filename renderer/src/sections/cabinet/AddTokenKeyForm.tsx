import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey, TokenKeyChoice } from '../../../../preload/contract/index';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SecretField } from '../../components/SecretField';
import { formatDateTime } from '../../format/format';
import { TokenPicker } from './TokenPicker';
import { useAddKey } from './use-add-key';

/** A key on a detected token: its PIN shows the keys there (private keys need a login), one is picked and added. */
export function AddTokenKeyForm({ formId, onBusy, onReady, onAdded }: { formId: string; onBusy(busy: boolean): void; onReady(ready: boolean): void; onAdded(key: CabinetKey): void }) {
  const { t, i18n } = useTranslation('cabinetAdd');
  const id = useId();
  const [tokenLabel, setTokenLabel] = useState('');
  const [pin, setPin] = useState('');
  const [keys, setKeys] = useState<TokenKeyChoice[]>();
  const [uri, setUri] = useState('');
  const [name, setName] = useState('');
  const [listing, setListing] = useState(false);
  const { error, setError, add } = useAddKey({ onBusy, onAdded, clearSecret: () => setPin('') });

  useEffect(() => onReady(Boolean(uri) && pin.length > 0), [uri, pin, onReady]);
  useEffect(() => {
    setKeys(undefined);
    setUri('');
  }, [tokenLabel]);

  const showKeys = async () => {
    setListing(true);
    setError(undefined);
    try {
      const found = await api().cabinet.tokenKeys({ tokenLabel, pin });
      setKeys(found);
      setUri(found.find((key) => key.inCabinetAs === null && key.algorithm !== null)?.uri ?? '');
    } catch (caught) {
      setKeys(undefined);
      setPin('');
      setError(caught);
    } finally {
      setListing(false);
    }
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!uri || !pin) return;
    await add({ source: 'token', uri, pin, ...(name.trim() ? { name: name.trim() } : {}) });
  };

  return (
    <form id={formId} onSubmit={(event) => void onSubmit(event)} data-testid="add-key-token-form">
      <TokenPicker value={tokenLabel} onChange={setTokenLabel} />
      {tokenLabel ? (
        <div className="add-key-pin">
          <SecretField label={t('pin')} value={pin} onChange={setPin} numeric testId="add-key-pin" />
          <button type="button" onClick={() => void showKeys()} disabled={listing || !pin} data-testid="add-key-show">
            {listing ? t('checking') : t('showKeys')}
          </button>
        </div>
      ) : null}
      {keys && keys.length === 0 ? <p className="notice" role="status" data-testid="add-key-no-keys">{t('noKeys')}</p> : null}
      {keys && keys.length > 0 ? (
        <fieldset className="choice-list token-key-list" data-testid="add-key-token-keys">
          <legend>{t('keysLegend')}</legend>
          {keys.map((key) => (
            <label key={key.uri} data-testid="add-key-token-key">
              <input type="radio" name={`${id}-key`} value={key.uri} checked={uri === key.uri} disabled={key.inCabinetAs !== null || key.algorithm === null} onChange={() => setUri(key.uri)} />
              <span>
                <strong>{key.owner ?? key.label}</strong>
                {key.organisation ? ` — ${key.organisation}` : ''}
                <span className="muted">
                  {' · '}
                  {key.label}
                  {' · '}
                  {key.notAfter ? t('validUntil', { date: formatDateTime(key.notAfter, i18n.language) }) : t('noCertificate')}
                  {key.algorithm === null ? ` · ${t('unknownAlgorithm')}` : ''}
                  {key.inCabinetAs !== null ? ` · ${t('inCabinet', { name: key.inCabinetAs })}` : ''}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {keys && keys.some((key) => key.inCabinetAs === null && key.algorithm !== null) ? (
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('name')}</label>
          <input id={`${id}-name`} value={name} maxLength={120} placeholder={t('namePlaceholder')} onChange={(event) => setName(event.target.value)} data-testid="add-key-token-name" />
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}
