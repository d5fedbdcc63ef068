import { LANGUAGES, type Language } from '../../preload/contract/domains/app';
import type { BatchSummary } from '../../preload/contract/domains/queue';

type Counts = Pick<BatchSummary, 'state' | 'done' | 'total' | 'failed' | 'skipped'>;
type Outcome = 'finished' | 'finishedWithErrors' | 'cancelled' | 'stopped' | 'interrupted' | 'other';

const TEXT: Record<Language, { titles: Record<Outcome, string>; signed: string; failed: string; skipped: string }> = {
  en: {
    titles: {
      finished: 'Signdesk: signing finished',
      finishedWithErrors: 'Signdesk: signing finished with errors',
      cancelled: 'Signdesk: signing cancelled',
      stopped: 'Signdesk: signing stopped',
      interrupted: 'Signdesk: signing interrupted',
      other: 'Signdesk: signing',
    },
    signed: '{done} of {total} signed',
    failed: '{n} failed',
    skipped: '{n} skipped',
  },
  uk: {
    titles: {
      finished: 'Signdesk: підписування завершено',
      finishedWithErrors: 'Signdesk: підписування завершено з помилками',
      cancelled: 'Signdesk: підписування скасовано',
      stopped: 'Signdesk: підписування зупинено',
      interrupted: 'Signdesk: підписування перервано',
      other: 'Signdesk: підписування',
    },
    signed: 'Підписано {done} з {total}',
    failed: 'не вдалося: {n}',
    skipped: 'пропущено: {n}',
  },
  ru: {
    titles: {
      finished: 'Signdesk: подписание завершено',
      finishedWithErrors: 'Signdesk: подписание завершено с ошибками',
      cancelled: 'Signdesk: подписание отменено',
      stopped: 'Signdesk: подписание остановлено',
      interrupted: 'Signdesk: подписание прервано',
      other: 'Signdesk: подписание',
    },
    signed: 'Подписано {done} из {total}',
    failed: 'не удалось: {n}',
    skipped: 'пропущено: {n}',
  },
};

/** The user's language: the one chosen in Settings, else the OS locale's (`uk-UA` → uk), else English. */
export function notificationLanguage(chosen: Language | null, locale: string): Language {
  if (chosen) return chosen;
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

function outcomeOf(batch: Counts): Outcome {
  if (batch.state === 'done') return batch.failed === 0 ? 'finished' : 'finishedWithErrors';
  return batch.state === 'cancelled' || batch.state === 'stopped' || batch.state === 'interrupted' ? batch.state : 'other';
}

/** Title and body of the "batch finished" desktop notification in `language`. */
export function batchNotificationText(batch: Counts, language: Language): { title: string; body: string } {
  const text = TEXT[language];
  const fill = (template: string, values: Record<string, number>) => template.replace(/\{(\w+)\}/g, (_, name: string) => (values[name] ?? 0).toLocaleString(language));
  const parts = [fill(text.signed, { done: batch.done, total: batch.total })];
  if (batch.failed) parts.push(fill(text.failed, { n: batch.failed }));
  if (batch.skipped) parts.push(fill(text.skipped, { n: batch.skipped }));
  return { title: text.titles[outcomeOf(batch)], body: parts.join(', ') };
}
