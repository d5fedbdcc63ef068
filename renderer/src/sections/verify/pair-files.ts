const SIGNATURE_EXTENSIONS = ['.p7s', '.p7m', '.sig'];

export interface VerifyJob {
  signaturePath: string;
  contentPath?: string;
}

/**
 * What a file is for verification (main tells by content, `verify:describe`): a CAdES signature, a file that carries
 * its signatures (a signed PDF, an ASiC-E container) or a plain document.
 */
export type VerifyFileKind = 'signature' | 'signed-document' | 'document';

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function isSignatureFile(path: string): boolean {
  const lower = path.toLowerCase();
  return SIGNATURE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** By name alone, when main was not asked: `.p7s`, `.p7m`, `.sig` are signatures, the rest documents. */
export function kindByName(path: string): VerifyFileKind {
  return isSignatureFile(path) ? 'signature' : 'document';
}

/**
 * Dropped or picked files → what to verify. A signature goes with its document (`act.pdf.p7s` ↔ `act.pdf`, which may
 * itself be a signed PDF); one signature and one plain document are a pair whatever their names; a signature alone is
 * checked as attached. A signed PDF or an ASiC-E container that is no signature's document is checked alone.
 */
export function pairFiles(paths: readonly string[], kindOf: (path: string) => VerifyFileKind = kindByName): VerifyJob[] {
  const signatures = paths.filter((path) => kindOf(path) === 'signature');
  const selfSigned = paths.filter((path) => kindOf(path) === 'signed-document');
  const documents = paths.filter((path) => kindOf(path) === 'document');
  const used = new Set<string>();
  const jobs: VerifyJob[] = [];
  if (signatures.length === 1 && documents.length === 1 && !selfSigned.some((path) => isContentOf(path, signatures[0]!))) {
    jobs.push({ signaturePath: signatures[0]!, contentPath: documents[0]! });
  } else {
    const byName = new Map([...documents, ...selfSigned].map((path) => [baseName(path), path]));
    for (const signaturePath of signatures) {
      const name = baseName(signaturePath);
      const contentPath = byName.get(name.slice(0, name.lastIndexOf('.')));
      if (contentPath) used.add(contentPath);
      jobs.push(contentPath ? { signaturePath, contentPath } : { signaturePath });
    }
  }
  for (const path of selfSigned) if (!used.has(path)) jobs.push({ signaturePath: path });
  const order = new Map(paths.map((path, index) => [path, index]));
  return jobs.sort((a, b) => order.get(a.signaturePath)! - order.get(b.signaturePath)!);
}

function isContentOf(path: string, signaturePath: string): boolean {
  const name = baseName(signaturePath);
  return baseName(path) === name.slice(0, name.lastIndexOf('.'));
}
