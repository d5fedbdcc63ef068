import path from 'node:path';
import type { BatchOptions } from '../../../../preload/contract/domains/queue';

const SIGNED_SUFFIX = '-signed';

/**
 * `act.pdf` → `act-signed.pdf` beside it or in `outDir`; with `inPlace` the input itself. A name without the `.pdf`
 * extension keeps its name and gets `-signed.pdf`.
 */
export function padesOutputPath(input: string, options: Pick<BatchOptions, 'outDir' | 'inPlace'>): string {
  if (options.inPlace) return input;
  const name = path.basename(input);
  const extension = path.extname(name);
  const signedName = extension.toLowerCase() === '.pdf' ? `${name.slice(0, -extension.length)}${SIGNED_SUFFIX}${extension}` : `${name}${SIGNED_SUFFIX}.pdf`;
  return path.join(options.outDir ?? path.dirname(input), signedName);
}

/** Whether a name is one `padesOutputPath` makes (`…-signed.pdf`). */
export function isPadesOutputName(name: string): boolean {
  return name.toLowerCase().endsWith(`${SIGNED_SUFFIX}.pdf`);
}
