import type { TFunction } from 'i18next';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The translated text of an error code. Details fill the placeholders (ISO dates written the language's way);
 * `context` in the details picks a more precise wording (`ERR_X_context`). The developer message is never used:
 * a code without a translation is a bug the errors unit test catches.
 */
export function errorText(t: TFunction, language: string, code: string, details?: object): string {
  const values: Record<string, unknown> = { triesLeft: 'unknown' };
  for (const [name, value] of Object.entries(details ?? {})) {
    values[name] = typeof value === 'string' && ISO_DATE.test(value) ? new Date(value).toLocaleDateString(language, { dateStyle: 'long' }) : value;
  }
  return t(`errors:${code}`, values);
}
