import { registerTranslations } from '../../i18n/index';

registerTranslations('signingOptions', {
  en: {
    title: 'Signing',
    tsaLabel: 'Time-stamp service (TSA) address',
    tsaHint: 'Every new signature gets a trusted time from this service (CAdES-T, PAdES B-T), and so do signing requests from websites and programs that ask for one. Empty: no time-stamp.',
    tsaInvalid: 'Type an address that starts with http:// or https://, or leave it empty.',
    save: 'Save',
    saved: 'Saved.',
    attached: 'Put the document inside its .p7s signature (attached CAdES)',
  },
  uk: {
    title: 'Підписування',
    tsaLabel: 'Адреса служби позначок часу (TSA)',
    tsaHint: 'Кожен новий підпис отримує довірений час від цієї служби (CAdES-T, PAdES B-T), так само як запити на підпис від сайтів і програм, які його просять. Порожньо: без позначки часу.',
    tsaInvalid: 'Введіть адресу, що починається з http:// або https://, або залиште поле порожнім.',
    save: 'Зберегти',
    saved: 'Збережено.',
    attached: 'Вкладати документ у його підпис .p7s (CAdES із даними)',
  },
  ru: {
    title: 'Подписание',
    tsaLabel: 'Адрес службы меток времени (TSA)',
    tsaHint: 'Каждая новая подпись получает доверенное время от этой службы (CAdES-T, PAdES B-T), как и запросы на подпись от сайтов и программ, которые его просят. Пусто: без метки времени.',
    tsaInvalid: 'Введите адрес, начинающийся с http:// или https://, или оставьте поле пустым.',
    save: 'Сохранить',
    saved: 'Сохранено.',
    attached: 'Вкладывать документ в его подпись .p7s (CAdES с данными)',
  },
});
