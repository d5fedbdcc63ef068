const SIGNATURE_EXTENSIONS = ['.p7s', '.p7m', '.sig'];

export interface VerifyJob {
  signaturePath: string;
  contentPath?: string;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function isSignatureFile(path: string): boolean {
  const lower = path.toLowerCase();
  return SIGNATURE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Dropped or picked files → what to verify: each signature with its document (`act.pdf.p7s` ↔ `act.pdf`);
 * one signature and one other file are a pair whatever their names; a signature alone is checked as attached.
 */
export function pairFiles(paths: readonly string[]): VerifyJob[] {
  const signatures = paths.filter(isSignatureFile);
  const contents = paths.filter((path) => !isSignatureFile(path));
  if (signatures.length === 1 && contents.length === 1) return [{ signaturePath: signatures[0]!, contentPath: contents[0]! }];
  const byName = new Map(contents.map((path) => [baseName(path), path]));
  return signatures.map((signaturePath) => {
    const name = baseName(signaturePath);
    const contentPath = byName.get(name.slice(0, name.lastIndexOf('.')));
    return contentPath ? { signaturePath, contentPath } : { signaturePath };
  });
}
