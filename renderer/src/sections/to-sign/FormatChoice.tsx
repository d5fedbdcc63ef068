import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SIGNATURE_CORNERS, SIGNATURE_FORMATS, type SignatureCorner, type SignatureFormatId } from '../../../../preload/contract/domains/queue';
import '../../formats/i18n';

export interface FormatOptions {
  format: SignatureFormatId;
  /** PAdES: the corner of page 1 a visible signature goes to; null: invisible. */
  visibleCorner: SignatureCorner | null;
  /** ASiC-E: one container for all the selected documents, with this name; null: one per document. */
  packet: string | null;
}

/** The sign panel's format: CAdES, PAdES (optionally visible), ASiC-E (optionally one container for the selection). */
export function FormatChoice({ value, onChange, packetDefault }: { value: FormatOptions; onChange(next: FormatOptions): void; packetDefault: string }) {
  const { t } = useTranslation('formats');
  const id = useId();
  return (
    <fieldset className="format-choice" data-testid="sign-format">
      <legend>{t('choice.legend')}</legend>
      {SIGNATURE_FORMATS.map((format) => (
        <label key={format} className="radio">
          <input type="radio" name={`${id}-format`} value={format} data-testid={`sign-format-${format}`} checked={value.format === format} onChange={() => onChange({ ...value, format })} />
          {t(`choice.${format}`)}
        </label>
      ))}
      {value.format === 'pades' ? (
        <div className="format-extra">
          <label className="checkbox">
            <input type="checkbox" data-testid="sign-visible" checked={value.visibleCorner !== null} onChange={(event) => onChange({ ...value, visibleCorner: event.target.checked ? 'bottom-right' : null })} />
            {t('choice.visible')}
          </label>
          {value.visibleCorner !== null ? (
            <div className="field">
              <label htmlFor={`${id}-corner`}>{t('choice.corner', { page: 1 })}</label>
              <select id={`${id}-corner`} data-testid="sign-visible-corner" value={value.visibleCorner} onChange={(event) => onChange({ ...value, visibleCorner: event.target.value as SignatureCorner })}>
                {SIGNATURE_CORNERS.map((corner) => (
                  <option key={corner} value={corner}>{t(`corners.${corner}`)}</option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
      ) : null}
      {value.format === 'asice' ? (
        <div className="format-extra">
          <label className="checkbox">
            <input type="checkbox" data-testid="sign-packet" checked={value.packet !== null} onChange={(event) => onChange({ ...value, packet: event.target.checked ? packetDefault : null })} />
            {t('choice.packet')}
          </label>
          {value.packet !== null ? (
            <div className="field">
              <label htmlFor={`${id}-packet`}>{t('choice.packetName')}</label>
              <input id={`${id}-packet`} data-testid="sign-packet-name" value={value.packet} onChange={(event) => onChange({ ...value, packet: event.target.value })} aria-describedby={`${id}-packet-hint`} spellCheck={false} />
              <span id={`${id}-packet-hint`} className="field-hint">{t('choice.packetHint')}</span>
            </div>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
