import { registerTranslations } from '../i18n/index';

/** Identifier names as people of each language write them: Ukrainian ones for uk, Russian ones in Cyrillic for ru. */
registerTranslations('identity', {
  en: {
    individual: 'Individual',
    identifier: '{{name}} {{value}}',
    name: { EDRPOU: 'EDRPOU', RNOKPP: 'RNOKPP', INN: 'INN', INNLE: 'INN (legal entity)', OGRN: 'OGRN', OGRNIP: 'OGRNIP', SNILS: 'SNILS' },
    unknownSigner: 'Signer unknown',
  },
  uk: {
    individual: 'Фізична особа',
    identifier: '{{name}} {{value}}',
    name: { EDRPOU: 'ЄДРПОУ', RNOKPP: 'РНОКПП', INN: 'ІНН', INNLE: 'ІНН юр. особи', OGRN: 'ОДРН', OGRNIP: 'ОДРНІП', SNILS: 'СНІЛС' },
    unknownSigner: 'Підписувач невідомий',
  },
  ru: {
    individual: 'Физическое лицо',
    identifier: '{{name}} {{value}}',
    name: { EDRPOU: 'ЕГРПОУ', RNOKPP: 'РНУКПН', INN: 'ИНН', INNLE: 'ИНН ЮЛ', OGRN: 'ОГРН', OGRNIP: 'ОГРНИП', SNILS: 'СНИЛС' },
    unknownSigner: 'Подписант неизвестен',
  },
});
