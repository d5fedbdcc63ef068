import { spawnSync } from 'node:child_process';

/** One signature as `pdfsig` (poppler-utils) reports it. */
export interface PdfsigSignature {
  index: number;
  commonName: string | undefined;
  signatureType: string | undefined;
  signingTime: string | undefined;
  /** "Signature is Valid.", "Digest Mismatch.", … */
  validation: string | undefined;
  valid: boolean;
  /** The "Total document signed" line was printed. */
  totalDocumentSigned: boolean;
  ranges: string | undefined;
  fieldName: string | undefined;
}

export interface PdfsigReport {
  signatures: PdfsigSignature[];
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs `pdfsig` and parses its text: it exits 0 even on "Digest Mismatch", so the status alone proves nothing.
 * `-nocert` skips the certificate path (test certificates are self-made); the CMS and ByteRange are still checked.
 */
export function runPdfsig(pdfPath: string, extraArgs: readonly string[] = []): PdfsigReport {
  const result = spawnSync('pdfsig', ['-nocert', ...extraArgs, pdfPath], { encoding: 'utf8' });
  const stdout = result.stdout ?? '';
  const signatures: PdfsigSignature[] = [];
  let current: PdfsigSignature | undefined;
  for (const line of stdout.split('\n')) {
    const header = /^Signature #(\d+):/.exec(line);
    if (header !== null) {
      current = {
        index: Number(header[1]),
        commonName: undefined,
        signatureType: undefined,
        signingTime: undefined,
        validation: undefined,
        valid: false,
        totalDocumentSigned: false,
        ranges: undefined,
        fieldName: undefined,
      };
      signatures.push(current);
      continue;
    }
    if (current === undefined) continue;
    const item = /^\s+- (.*)$/.exec(line)?.[1];
    if (item === undefined) continue;
    const [key, ...rest] = item.split(': ');
    const value = rest.join(': ').trim();
    if (key === 'Signer Certificate Common Name') current.commonName = value;
    else if (key === 'Signature Type') current.signatureType = value;
    else if (key === 'Signing Time') current.signingTime = value;
    else if (key === 'Signed Ranges') current.ranges = value;
    else if (key === 'Signature Field Name') current.fieldName = value;
    else if (key === 'Signature Validation') {
      current.validation = value;
      current.valid = value === 'Signature is Valid.';
    } else if (item.trim() === 'Total document signed') current.totalDocumentSigned = true;
  }
  return { signatures, stdout, stderr: result.stderr ?? '', status: result.status };
}
