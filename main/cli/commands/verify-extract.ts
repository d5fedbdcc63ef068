import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { detectFormat, extractAsicDocuments } from '../../core/formats';
import { stringOption, type OptionsConfig, type ParsedArgs } from '../command';
import type { CliContext } from '../context';

export const EXTRACT_OPTIONS: OptionsConfig = { extract: { type: 'string' } };

/**
 * `verify X.asice --extract DIR`: after the check, the container's documents are written into DIR (created if
 * missing; nothing outside it; an existing file is never replaced). The exit status still follows the check.
 */
export async function extractOption(ctx: CliContext, args: ParsedArgs, file: string): Promise<void> {
  const target = stringOption(args, 'extract');
  if (target === undefined) return;
  if (detectFormat(file).id !== 'asice') throw new SigndeskError('ERR_USAGE', '--extract takes the documents out of an ASiC-E container; this file is not one');
  await fs.mkdir(target, { recursive: true });
  const written = await extractAsicDocuments(file, target);
  for (const document of written) ctx.print(`Extracted: ${path.relative(process.cwd(), document) || document}`);
}
