import fs from 'node:fs';
import path from 'node:path';
import { expandPaths } from '../files/expand-paths';

/** Names that mark a signature file. `X.p7s` is detached over `X` when `X` exists; otherwise it carries its content. */
export const SIGNATURE_EXTENSIONS = ['.p7s', '.p7m', '.sig'] as const;

export interface SignatureItem {
  signaturePath: string;
  /** The document beside it (`X` for `X.p7s`), when there is one. */
  contentPath: string | null;
}

export function isSignatureName(file: string): boolean {
  const lower = file.toLowerCase();
  return SIGNATURE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/**
 * Files and folders → signatures to verify, each paired with its document: `act.pdf.p7s` with `act.pdf` (given, or
 * beside it on disk). Folders are walked; in them, files that are not signatures are documents, not items. A file
 * given by name that is not a signature is still an item (it may be an attached signature under another name).
 * Returns the items in a stable order and the documents found without any signature. Each folder is listed once
 * (a packet of ten thousand files costs one listing, not ten thousand stats).
 */
export async function pairSignatureFiles(inputs: readonly string[]): Promise<{ items: SignatureItem[]; unsigned: string[] }> {
  const listings = new Map<string, Map<string, fs.Dirent> | null>();
  const entryOf = (file: string): fs.Dirent | undefined => {
    const dir = path.dirname(file);
    let listing = listings.get(dir);
    if (listing === undefined) {
      try {
        listing = new Map(fs.readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry]));
      } catch {
        listing = null;
      }
      listings.set(dir, listing);
    }
    return listing?.get(path.basename(file));
  };
  const isFile = (file: string): boolean => {
    const entry = entryOf(file);
    if (!entry) return false;
    return entry.isFile() || (entry.isSymbolicLink() && (fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false));
  };
  const explicit = new Set<string>();
  const all: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    if (isFile(absolute)) {
      explicit.add(absolute);
      all.push(absolute);
    } else all.push(...(await expandPaths([absolute])).files);
  }
  const present = new Set(all);
  const signatures = all.filter((file) => isSignatureName(file) || (explicit.has(file) && !isContentOfSignature(file, present)));
  const signatureSet = new Set(signatures);
  const items: SignatureItem[] = [];
  const seen = new Set<string>();
  for (const signaturePath of signatures) {
    if (seen.has(signaturePath)) continue;
    seen.add(signaturePath);
    let contentPath: string | null = null;
    if (isSignatureName(signaturePath)) {
      const candidate = signaturePath.slice(0, signaturePath.lastIndexOf('.'));
      if (present.has(candidate) || isFile(candidate)) contentPath = candidate;
    }
    items.push({ signaturePath, contentPath });
  }
  const used = new Set(items.map((item) => item.contentPath).filter((item): item is string => item !== null));
  const unsigned = all.filter((file) => !signatureSet.has(file) && !used.has(file));
  return { items, unsigned };
}

function isContentOfSignature(file: string, present: ReadonlySet<string>): boolean {
  return SIGNATURE_EXTENSIONS.some((extension) => present.has(`${file}${extension}`));
}
