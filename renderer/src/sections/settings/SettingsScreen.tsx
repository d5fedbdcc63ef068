import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../preload/contract/index';
import { ScreenHeader } from '../../components/ScreenHeader';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAppState } from '../../app/app-state';
import { i18next, languageFromLocale } from '../../i18n/index';
import { SigningOptions } from './SigningOptions';
import { WatchedFolders } from './WatchedFolders';
import { CaProfiles } from './CaProfiles';
import { TrustedCertificates } from './TrustedCertificates';
import { AgentSettings } from '../agent/AgentSettings';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { info, settings, updateSettings } = useAppState();
  const [error, setError] = useState<unknown>();
  const languageId = useId();
  const systemLanguage = languageFromLocale(info.locale);

  const onLanguage = async (value: string) => {
    setError(undefined);
    const language = value === 'auto' ? null : (value as Language);
    try {
      await updateSettings({ language });
      await i18next.changeLanguage(language ?? systemLanguage);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <ScreenHeader title={t('settings.title')} />
      <section className="card" aria-labelledby={`${languageId}-label`}>
        <label id={`${languageId}-label`} htmlFor={languageId}>
          {t('settings.language')}
        </label>
        <select id={languageId} data-testid="settings-language" value={settings.language ?? 'auto'} onChange={(event) => void onLanguage(event.target.value)}>
          <option value="auto">{t('settings.languageAuto', { language: t(`languages.${systemLanguage}`) })}</option>
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {t(`languages.${language}`)}
            </option>
          ))}
        </select>
      </section>
      <SigningOptions />
      <WatchedFolders />
      <CaProfiles />
      <TrustedCertificates />
      <AgentSettings />
      <section className="card">
        <dl className="facts">
          <dt>{t('settings.version')}</dt>
          <dd>{info.version}</dd>
          <dt>{t('settings.dataDir')}</dt>
          <dd className="mono">{info.dataDir}</dd>
        </dl>
      </section>
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}
