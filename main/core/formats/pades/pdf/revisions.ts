import { type FileSource } from './file-source';
import { type XrefSection } from './read-xref';

/** Where each revision ends (just past its `%%EOF` line), ascending: revision k (1-based) ends at ends[k-1]. */
export function revisionEnds(sections: readonly XrefSection[]): number[] {
  return [...new Set(sections.map((section) => section.end).filter((end) => end > 0))].sort((a, b) => a - b);
}

/** The 1-based revision that holds `offset`, and where it ends; undefined past the last `%%EOF`. */
export function revisionOf(ends: readonly number[], offset: number): { revision: number; end: number } | undefined {
  const index = ends.findIndex((end) => end > offset);
  return index < 0 ? undefined : { revision: index + 1, end: ends[index]! };
}

/** Whether `position` is the end of the revision ending at `end`: exactly there, or just after `%%EOF` before its end of line. */
export async function isRevisionEnd(source: FileSource, position: number, end: number): Promise<boolean> {
  if (position === end) return true;
  if (position > end || end - position > 2) return false;
  const bytes = (await source.read(position - 5, end - position + 5)).toString('latin1');
  return /^%%EOF[\r\n]{1,2}$/.test(bytes);
}
