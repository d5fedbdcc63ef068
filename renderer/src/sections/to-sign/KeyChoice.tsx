import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey } from '../../../../preload/contract/domains/cabinet';
import { formatDateTime } from '../../format/format';

export const OTHER_KEY = '__other__';

/** A signing key from the cabinet, or any key reference typed by hand (pkcs11: URI, file: path, key id). */
export function KeyChoice(props: {
  keys: readonly CabinetKey[];
  choice: string;
  onChoice(value: string): void;
  typedRef: string;
  onTypedRef(value: string): void;
  testIdPrefix: string;
}) {
  const { t, i18n } = useTranslation('toSign');
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('sign.key')}</label>
        <select id={`${id}-key`} data-testid={`${props.testIdPrefix}-key`} value={props.choice} onChange={(event) => props.onChoice(event.target.value)}>
          {props.keys.map((key) => (
            <option key={key.id} value={key.keyRef}>
              {`${key.name}${key.owner ? ` — ${key.owner}` : ''} (${key.storage === 'token' ? t('sign.token', { label: key.storageLabel }) : t('sign.fileKey')}, ${t('sign.until', { date: formatDateTime(key.notAfter, i18n.language) })})`}
            </option>
          ))}
          <option value={OTHER_KEY}>{t('sign.otherKey')}</option>
        </select>
        {props.keys.length === 0 ? <span className="field-hint">{t('sign.noKeys')}</span> : null}
      </div>
      {props.choice === OTHER_KEY ? (
        <div className="field">
          <label htmlFor={`${id}-ref`}>{t('sign.keyRef')}</label>
          <input
            id={`${id}-ref`}
            data-testid={`${props.testIdPrefix}-keyref`}
            className="mono"
            value={props.typedRef}
            onChange={(event) => props.onTypedRef(event.target.value)}
            placeholder="/…/Key-6.dat · pkcs11:token=…;object=…"
            spellCheck={false}
            aria-describedby={`${id}-ref-hint`}
          />
          <span id={`${id}-ref-hint`} className="field-hint">{t('sign.keyRefHint')}</span>
        </div>
      ) : null}
    </>
  );
}
