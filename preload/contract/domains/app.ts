import { z } from 'zod';
import { channel } from '../define';

export const LANGUAGES = ['uk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** The OS locale, e.g. `uk-UA`; the renderer picks its default language from it. */
  locale: string;
  dataDir: string;
  /** `electron` inside the desktop app, `bridge` when served to a browser by `npm run dev:web`. */
  runtime: 'electron' | 'bridge';
}

export const appChannels = {
  'app:info': channel<AppInfo>()(z.object({}).strict()),
};
