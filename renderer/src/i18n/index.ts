import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../preload/contract/domains/app';
import { common } from './common';
import type { Translations } from './translations';

export type { Bundle, Translations } from './translations';

/** Each feature brings its own namespace: `registerTranslations('cabinet', { uk, ru, en })`. */
export function registerTranslations(namespace: string, translations: Translations): void {
  // Screens register when their module loads, which is before initI18n runs: keep those until init.
  if (!i18next.isInitialized) {
    pending.set(namespace, translations);
    return;
  }
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, translations[language], true, true);
}

const pending = new Map<string, Translations>();

/** `uk-UA` → uk, `ru` → ru, anything else → en. */
export function languageFromLocale(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: ['common'],
    resources: Object.fromEntries(
      LANGUAGES.map((lng) => [lng, { common: common[lng], ...Object.fromEntries([...pending].map(([namespace, bundles]) => [namespace, bundles[lng]])) }]),
    ),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (next) => (document.documentElement.lang = next));
}

export { i18next };
