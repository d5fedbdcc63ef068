import { useTranslation } from 'react-i18next';
import type { TokenSlot } from '../../../../preload/contract/index';
import { SecretField } from '../../components/SecretField';
import { NEW_TOKEN_PIN, type TokenPinEntry } from './token-pin';
import './wizards-i18n';

/**
 * The token PIN step of both wizards: the token's own PIN when it has one (never changed here); the new PIN twice
 * only where the token demands a change or has no user PIN yet.
 */
export function TokenPinFields({ slot, value, onChange, testPrefix }: { slot: TokenSlot; value: TokenPinEntry; onChange(entry: TokenPinEntry): void; testPrefix: string }) {
  const { t } = useTranslation('wizards');
  const set = (patch: Partial<TokenPinEntry>) => onChange({ ...value, ...patch });
  const mismatch = value.confirm.length > 0 && value.confirm !== value.newTokenPin;
  const ruleBroken = value.newTokenPin.length > 0 && !NEW_TOKEN_PIN.test(value.newTokenPin);
  return (
    <div data-testid={`${testPrefix}-pin-state`} data-pin-state={slot.pinState}>
      {slot.pinLocked ? <p className="notice" role="alert">{t('tokenPin.locked')}</p> : null}
      {!slot.pinLocked && slot.pinFinalTry ? <p className="notice" role="alert">{t('tokenPin.finalTry')}</p> : null}
      {!slot.pinLocked && !slot.pinFinalTry && slot.pinCountLow ? <p className="notice" role="status">{t('tokenPin.countLow')}</p> : null}
      {slot.pinState === 'set' ? (
        slot.pinPad ? (
          <p className="muted">{t('tokenPin.pinPad')}</p>
        ) : (
          <SecretField label={t('tokenPin.pin', { label: slot.label })} hint={t('tokenPin.pinHint')} value={value.tokenPin} onChange={(tokenPin) => set({ tokenPin })} numeric testId={`${testPrefix}-token-pin`} autoFocus />
        )
      ) : (
        <>
          <p className="notice" role="status">{t(slot.pinState === 'mustChange' ? 'tokenPin.mustChange' : 'tokenPin.none')}</p>
          {slot.pinState === 'mustChange' ? (
            <SecretField label={t('tokenPin.currentPin')} value={value.tokenPin} onChange={(tokenPin) => set({ tokenPin })} numeric testId={`${testPrefix}-token-pin`} autoFocus />
          ) : (
            <SecretField label={t('tokenPin.soPin')} value={value.soPin} onChange={(soPin) => set({ soPin })} testId={`${testPrefix}-so-pin`} autoFocus />
          )}
          <SecretField
            label={t('tokenPin.newPin')}
            hint={t('tokenPin.rule')}
            error={ruleBroken ? t('tokenPin.rule') : undefined}
            value={value.newTokenPin}
            onChange={(newTokenPin) => set({ newTokenPin })}
            numeric
            testId={`${testPrefix}-new-token-pin`}
          />
          <SecretField label={t('tokenPin.confirm')} value={value.confirm} onChange={(confirm) => set({ confirm })} numeric error={mismatch ? t('tokenPin.mismatch') : undefined} testId={`${testPrefix}-confirm-token-pin`} />
        </>
      )}
    </div>
  );
}
