import './ca-i18n';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaProfile } from '../../../../preload/contract/index';
import { fallbackProfile } from './ca-profile-choice';

/** A labelled select of CA profiles; '' stands for "the default" (null). */
export function CaProfileSelect({ profiles, value, onChange, hint }: { profiles: readonly CaProfile[]; value: string | null; onChange(profileId: string | null): void; hint?: string }) {
  const { t } = useTranslation('cabinetCa');
  const id = useId();
  const fallback = fallbackProfile(profiles);
  return (
    <div className="field">
      <label htmlFor={id}>{t('label')}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)} data-testid="ca-profile-select" aria-describedby={hint ? `${id}-hint` : undefined}>
        <option value="">{fallback ? t('defaultOption', { name: fallback.name }) : t('defaultNone')}</option>
        {profiles.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {profile.cmpUrl ? profile.name : t('noCmp', { name: profile.name })}
          </option>
        ))}
      </select>
      {hint ? <span id={`${id}-hint`} className="field-hint">{hint}</span> : null}
    </div>
  );
}
