import path from 'node:path';
import type { BatchOptions } from '../../../../preload/contract/domains/queue';

const EXTENSIONS = ['.asice', '.sce'];

/**
 * One container per document is the document's full name plus `.asice` (`act.pdf` → `act.pdf.asice`), as `.p7s`
 * signatures are named: `act.pdf` and `act.xml` in one folder never share a container name, and the name still says
 * what is inside. A packet is the name the user gave it. Beside the (first) input, or in `outDir`.
 */
export function asiceOutputPath(input: string, options: Pick<BatchOptions, 'outDir' | 'packet'>): string {
  const folder = options.outDir ?? path.dirname(input);
  return path.join(folder, options.packet ?? `${path.basename(input)}.asice`);
}

export function isAsiceOutputName(name: string): boolean {
  return EXTENSIONS.includes(path.extname(name).toLowerCase());
}
