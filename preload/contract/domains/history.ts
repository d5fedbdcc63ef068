import { z } from 'zod';
import { channel } from '../define';
import type { SignatureFormatId } from './queue';

export interface HistorySigner {
  subject: string;
  /** The person, organisation and position the subject names (null where it has none). */
  owner?: string | null;
  organisation?: string | null;
  title?: string | null;
  /** Identifiers by name, e.g. `{ EDRPOU: '41234567' }`. */
  identifiers: Record<string, string>;
  keyRef: string;
  signedAt: string;
}

export interface HistoryEntry {
  id: number;
  /** The signature format of the output (cades, pades, asice). */
  format: SignatureFormatId;
  documentPath: string;
  documentSha256: string;
  documentSize: number;
  outputPath: string;
  /** The output's size as last written by Signdesk (null for entries from before it was kept). */
  outputSize?: number | null;
  attached: boolean;
  batchId: string | null;
  createdAt: string;
  updatedAt: string;
  signers: HistorySigner[];
}

const query = z
  .object({
    /** Matches the document path, the output path or a signer's subject. */
    text: z.string().max(1024).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export const historyChannels = {
  'history:list': channel<HistoryEntry[]>()(query),
  'history:get': channel<HistoryEntry>()(z.object({ id: z.number().int().positive() }).strict()),
  'history:exportCsv': channel<{ csv: string }>()(query.omit({ limit: true, offset: true })),
  /** Writes the stored signature bytes to `path` (it works after the original output was moved). */
  'history:exportSignature': channel<{ path: string }>()(
    z.object({ id: z.number().int().positive(), path: z.string().min(1).max(4096), overwrite: z.boolean().optional() }).strict(),
  ),
  /** Adds a signer with another key to the entry's signature, atomically in place; the PIN or password crosses once. */
  'history:cosign': channel<HistoryEntry>()(
    z.object({ id: z.number().int().positive(), keyRef: z.string().min(1).max(4096), secret: z.string().max(1024).optional() }).strict(),
  ),
};
