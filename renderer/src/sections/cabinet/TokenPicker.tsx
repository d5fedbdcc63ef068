import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenDetection, TokenSlot } from '../../../../preload/contract/index';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ChangeTokenPin } from './ChangeTokenPin';
import './wizards-i18n';

/**
 * Finds tokens as soon as it shows; picks the only one by itself; says what to install or insert when there is none.
 * `onSlot` hears about the chosen token (its PIN state decides the wizard's PIN step).
 */
export function TokenPicker({ value, onChange, onSlot }: { value: string; onChange(label: string): void; onSlot?(slot: TokenSlot | undefined): void }) {
  const { t } = useTranslation('cabinet');
  const { t: tw } = useTranslation('wizards');
  const id = useId();
  const [detection, setDetection] = useState<TokenDetection>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const detect = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    try {
      const found = await api().cabinet.detectTokens();
      setDetection(found);
      if (found.tokens.length > 0 && !found.tokens.some((token) => token.label === value)) onChange(found.tokens[0]!.label);
      if (found.tokens.length === 0) onChange('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, [value, onChange]);
  useEffect(() => void detect(), []);
  const chosen = detection?.tokens.find((token) => token.label === value);
  useEffect(() => onSlot?.(chosen), [chosen, onSlot]);

  return (
    <div data-testid="token-picker">
      {busy ? <p role="status">{t('detect.searching')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {detection && detection.libraryMissing ? <p className="notice" role="alert" data-testid="token-missing-library">{t('detect.noLibrary')}</p> : null}
      {detection && !detection.libraryMissing && detection.tokens.length === 0 ? <p className="notice" role="alert" data-testid="token-missing">{t('detect.noToken')}</p> : null}
      {detection && detection.tokens.length === 1 ? <p className="success" role="status" data-testid="token-found">{t('detect.found', { label: detection.tokens[0]!.label })}</p> : null}
      {detection && detection.tokens.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-token`}>{t('detect.choose')}</label>
          <select id={`${id}-token`} value={value} onChange={(event) => onChange(event.target.value)} data-testid="token-select">
            {detection.tokens.map((token) => (
              <option key={`${token.modulePath}:${token.serial}`} value={token.label}>
                {token.label} ({token.manufacturer}, {token.serial})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {chosen ? (
        <p className="muted" data-testid="token-pin-state-label">
          {tw(`tokenPin.state.${chosen.pinState}`)}
        </p>
      ) : null}
      {chosen && chosen.pinState === 'set' && !chosen.pinPad ? <ChangeTokenPin key={chosen.label} label={chosen.label} onDone={() => void detect()} /> : null}
      {detection && detection.tokens.length === 0 ? (
        <button type="button" onClick={() => void detect()} disabled={busy} data-testid="token-detect-again">{t('detect.again')}</button>
      ) : null}
    </div>
  );
}
