import { z } from 'zod';
import { channel } from '../define';
import { LANGUAGES } from './app';

export const settingsSchema = z
  .object({
    /** null: follow the OS locale. */
    language: z.enum(LANGUAGES).nullable(),
    /** Inbox folders whose new files join the to-sign queue. */
    watchedFolders: z.array(z.string().min(1).max(4096)).max(64),
    /** Where signatures go when not beside the document; null: beside it. */
    outputDir: z.string().min(1).max(4096).nullable(),
    attachedSignatures: z.boolean(),
    digestAlgorithm: z.enum(['SHA-256', 'SHA-384', 'SHA-512']),
    tsaUrl: z.string().url().max(2048).nullable(),
    notifyWhenBatchEnds: z.boolean(),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  language: null,
  watchedFolders: [],
  outputDir: null,
  attachedSignatures: false,
  digestAlgorithm: 'SHA-256',
  tsaUrl: null,
  notifyWhenBatchEnds: true,
};

export const settingsChannels = {
  'settings:get': channel<Settings>()(z.object({}).strict()),
  'settings:update': channel<Settings>()(settingsSchema.partial().strict()),
};
