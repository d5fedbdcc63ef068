import { registerTranslations } from '../../i18n/index';

registerTranslations('signingSettings', {
  en: {
    title: 'Inbox folders',
    hint: 'New files in these folders join the “To sign” list by themselves.',
    none: 'No folders are watched.',
    pathLabel: 'Folder path',
    add: 'Add',
    choose: 'Choose folder…',
    remove: 'Stop watching',
    notify: 'Notify me when a signing batch ends',
  },
  uk: {
    title: 'Папки вхідних',
    hint: 'Нові файли в цих папках самі потрапляють до списку «На підпис».',
    none: 'Жодна папка не відстежується.',
    pathLabel: 'Шлях до папки',
    add: 'Додати',
    choose: 'Вибрати папку…',
    remove: 'Не відстежувати',
    notify: 'Сповіщати, коли пакет підписування завершено',
  },
  ru: {
    title: 'Папки входящих',
    hint: 'Новые файлы в этих папках сами попадают в список «На подпись».',
    none: 'Ни одна папка не отслеживается.',
    pathLabel: 'Путь к папке',
    add: 'Добавить',
    choose: 'Выбрать папку…',
    remove: 'Не отслеживать',
    notify: 'Уведомлять, когда пакет подписания завершён',
  },
});
