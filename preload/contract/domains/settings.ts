import { z } from 'zod';
import { channel } from '../define';
import { LANGUAGES } from './app';
import { SIGNATURE_CORNERS, SIGNATURE_FORMATS } from './queue';

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
    /** The format the sign panel chose last (remembered). */
    signatureFormat: z.enum(SIGNATURE_FORMATS),
    /** PAdES: where a visible signature goes; null: invisible. */
    pdfVisibleSignature: z.object({ page: z.number().int().min(1).max(100_000), corner: z.enum(SIGNATURE_CORNERS) }).strict().nullable(),
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
  signatureFormat: 'cades',
  pdfVisibleSignature: null,
};

export const settingsChannels = {
  'settings:get': channel<Settings>()(z.object({}).strict()),
  'settings:update': channel<Settings>()(settingsSchema.partial().strict()),
};
