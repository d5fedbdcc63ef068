import type { VerifyFileDescription } from '../../../preload/contract/domains/verify';
import { SigndeskError } from '../../../preload/contract/errors';
import { readPdfSignatures } from './pades/pdf';
import { detectFormat } from './registry';

/**
 * What a file is for the Verify screen, by its content: a CAdES signature (paired with its document when detached), a
 * file that carries its signatures (a PDF with signature fields, an ASiC-E container: checked alone), or a document.
 */
export async function describeSignedFile(file: string): Promise<VerifyFileDescription> {
  let format;
  try {
    format = detectFormat(file);
  } catch (error) {
    if (error instanceof SigndeskError && error.code === 'ERR_FORMAT_UNSUPPORTED') return { kind: 'document', format: null };
    throw error;
  }
  if (format.id === 'cades') return { kind: 'signature', format: format.id };
  if (format.id === 'pades') {
    // A PDF is a signed document when it has signatures, else the content of a detached signature.
    const signed = await readPdfSignatures(file).then(
      (signatures) => signatures.length > 0,
      () => false,
    );
    return { kind: signed ? 'signed-document' : 'document', format: format.id };
  }
  return { kind: 'signed-document', format: format.id };
}
