import { useTranslation } from 'react-i18next';
import { identifiersOf, type IdentifierScope } from './identifiers';
import './i18n';

/** One line per identifier of the scope, each by its localized name: `ЄДРПОУ 12345678`. */
export function Identifiers({ identifiers, scope, className = 'muted' }: { identifiers: Readonly<Record<string, string>>; scope: IdentifierScope; className?: string }) {
  const { t } = useTranslation('identity');
  return (
    <>
      {identifiersOf(identifiers, scope).map(({ name, value }) => (
        <div key={name} className={className} data-identifier={name}>
          {t('identifier', { name: t(`name.${name}`, { defaultValue: name }), value })}
        </div>
      ))}
    </>
  );
}
