import { describe, expect, it } from 'vitest';
import { batchNotificationText, notificationLanguage } from '../../main/shell/batch-notification-text';
import { leftoverEnglish } from '../helpers/leftover-english';

const done = { state: 'done' as const, done: 3, total: 5, failed: 1, skipped: 1 };

describe('batch-finished notification', () => {
  it('speaks the language chosen in Settings, else the OS locale’s, else English', () => {
    expect(notificationLanguage('ru', 'uk-UA')).toBe('ru');
    expect(notificationLanguage(null, 'uk-UA')).toBe('uk');
    expect(notificationLanguage(null, 'ru_RU')).toBe('ru');
    expect(notificationLanguage(null, 'de-DE')).toBe('en');
  });

  it('is Ukrainian and Russian without English words', () => {
    const uk = batchNotificationText(done, 'uk');
    expect(uk).toEqual({ title: 'Signdesk: підписування завершено з помилками', body: 'Підписано 3 з 5, не вдалося: 1, пропущено: 1' });
    const ru = batchNotificationText({ ...done, state: 'stopped' }, 'ru');
    expect(ru.title).toBe('Signdesk: подписание остановлено');
    for (const language of ['uk', 'ru'] as const) {
      for (const state of ['done', 'cancelled', 'stopped', 'interrupted'] as const) {
        const { title, body } = batchNotificationText({ ...done, state }, language);
        expect(leftoverEnglish(`${title} ${body}`)).toEqual([]);
      }
    }
  });

  it('in English says what happened', () => {
    expect(batchNotificationText({ state: 'done', done: 5, total: 5, failed: 0, skipped: 0 }, 'en')).toEqual({ title: 'Signdesk: signing finished', body: '5 of 5 signed' });
  });
});
