import path from 'node:path';
import type { SignatureFormatId } from '../../../preload/contract/domains/queue';
import { availableFormats } from '../formats';
import type { BatchOptions } from '../../../preload/contract/domains/queue';
import { ASIC_E_MEDIA_TYPE } from '../formats/asice/container';
import type { AgentFormat, Packaging } from './agent-signing';

/** What the agent tells callers about each registered format (`GET /v1/info`), and what each one accepts. */
const CAPABILITIES: Record<SignatureFormatId, Omit<AgentFormat, 'id'>> = {
  cades: { packagings: ['detached', 'attached'], hashSigning: true, packets: false, visibleSignatures: false, extension: '.p7s' },
  // The signature goes inside the PDF: there is no packaging to choose, and no hash to sign without the PDF.
  pades: { packagings: [], hashSigning: false, packets: false, visibleSignatures: true, extension: '.pdf' },
  // The container carries its documents; its manifest is built from them, so a bare hash cannot be signed.
  asice: { packagings: [], hashSigning: false, packets: true, visibleSignatures: false, extension: '.asice' },
};

/** The formats of the format registry, as the agent offers them. */
export function agentFormats(): AgentFormat[] {
  return availableFormats().map((format) => ({ id: format.id, ...CAPABILITIES[format.id] }));
}

/** The media type of a format's output file. */
export function outputMediaType(format: SignatureFormatId, packaging: Packaging | null): string {
  if (format === 'pades') return 'application/pdf';
  if (format === 'asice') return ASIC_E_MEDIA_TYPE;
  return packaging === 'attached' ? 'application/pkcs7-mime' : 'application/pkcs7-signature';
}

/** `Content-Disposition` for a file the caller saves under `name` (any script, RFC 6266 / 8187). */
export function attachmentHeader(name: string): string {
  const ascii = path.basename(name).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The names every format would give a document's output (`act.pdf.p7s`, `act-signed.pdf`, `act.pdf.asice`): an
 * upload keeps these free beside each document, so no output lands on another document.
 */
export function outputNamesOf(name: string): string[] {
  return availableFormats().map((format) => {
    const options: BatchOptions = { format: format.id, attached: false, outDir: null, overwrite: false, tsaUrl: null, hash: null };
    return path.basename(format.outputPath(path.join('/', name), options));
  });
}
