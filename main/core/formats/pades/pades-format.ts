import type { SignatureFormat } from '../signature-format';
import { createPadesBatch, padesPlan } from './pades-batch';
import { cosignPdf } from './pades-cosign';
import { isPadesOutputName, padesOutputPath } from './pades-names';
import { verifyPades } from './pades-verify';

const PDF_HEADER = Buffer.from('%PDF-', 'latin1');

/** PAdES (ETSI EN 319 142-1): the signature inside the PDF, an incremental update per signer. */
export const padesFormat: SignatureFormat = {
  id: 'pades',
  outputPath: padesOutputPath,
  isOutputName: isPadesOutputName,
  plan: padesPlan,
  createBatch: createPadesBatch,
  // ISO 32000: the header may follow up to 1024 bytes of other data.
  recognises: (head) => Buffer.from(head.subarray(0, 1024 + PDF_HEADER.length)).includes(PDF_HEADER),
  companionOf: () => null,
  verify: verifyPades,
  cosign: cosignPdf,
};
