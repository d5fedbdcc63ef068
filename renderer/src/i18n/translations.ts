import type { Language } from '../../../preload/contract/domains/app';

/** One namespace's strings in one language (one level of nesting for plurals and groups). */
export type Bundle = Record<string, string | Record<string, string>>;
export type Translations = Record<Language, Bundle>;
