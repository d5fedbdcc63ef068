import { SigndeskError } from '../../../../../preload/contract/errors';
import type { AsicManifestInput } from './asic-manifest';
import { ASIC_NAMESPACE, CADES_SIGNATURE_MEDIA_TYPE, isCadesSignatureName, isMetaInfName, MIMETYPE_ENTRY, XMLDSIG_NAMESPACE } from './asic-names';
import { signingDigestAlgorithm } from './digest-algorithms';
import { checkEntryName, checkPortableName, nameCollisionKey } from './entry-name';
import { entryNameToUri } from './manifest-uri';

const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

function invalid(message: string, details: Record<string, unknown>): SigndeskError {
  return new SigndeskError('ERR_INPUT_INVALID', message, details);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** A document name a new container may hold: safe, portable, outside META-INF, not `mimetype`. */
export function checkDocumentName(name: string): void {
  try {
    checkEntryName(name);
    checkPortableName(name);
  } catch (error) {
    throw invalid(`document name ${JSON.stringify(name)} cannot go into a container: ${(error as Error).message}`, { name });
  }
  if (name.endsWith('/')) throw invalid(`document name ${JSON.stringify(name)} names a folder`, { name });
  if (name === MIMETYPE_ENTRY || isMetaInfName(name) || nameCollisionKey(name).startsWith('meta-inf/')) {
    throw invalid(`document name ${JSON.stringify(name)} is reserved for the container itself`, { name });
  }
}

/**
 * The exact bytes of an ASiCManifest (EN 319 162-1, A.4): the signature it belongs to, and each document's URI,
 * media type and digest. These bytes are what the CAdES signature signs, so they are returned, not re-serialised.
 */
export function buildAsicManifest(input: AsicManifestInput): Uint8Array {
  if (!isCadesSignatureName(input.signatureName)) {
    throw invalid(`signature name ${JSON.stringify(input.signatureName)} is not META-INF/*signature*.p7s`, { name: input.signatureName });
  }
  if (input.documents.length === 0) throw invalid('a manifest lists at least one document', {});
  const seen = new Set<string>();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<asic:ASiCManifest xmlns:asic="${ASIC_NAMESPACE}" xmlns:ds="${XMLDSIG_NAMESPACE}">`,
    `  <asic:SigReference URI="${escapeAttribute(entryNameToUri(input.signatureName))}" MimeType="${CADES_SIGNATURE_MEDIA_TYPE}"/>`,
  ];
  for (const document of input.documents) {
    checkDocumentName(document.name);
    const key = nameCollisionKey(document.name);
    if (seen.has(key)) throw invalid(`document ${JSON.stringify(document.name)} is listed twice`, { name: document.name });
    seen.add(key);
    const algorithm = signingDigestAlgorithm(document.digestAlgorithm);
    if (document.digest.length !== algorithm.length) {
      throw invalid(`the ${algorithm.name} digest of ${JSON.stringify(document.name)} has ${document.digest.length} bytes, not ${algorithm.length}`, {
        name: document.name,
      });
    }
    let attributes = `URI="${escapeAttribute(entryNameToUri(document.name))}"`;
    if (document.mimeType !== undefined) {
      if (!MEDIA_TYPE.test(document.mimeType)) throw invalid(`media type ${JSON.stringify(document.mimeType)} is not type/subtype`, { name: document.name });
      attributes += ` MimeType="${escapeAttribute(document.mimeType)}"`;
    }
    if (document.rootfile !== undefined) attributes += ` Rootfile="${document.rootfile ? 'true' : 'false'}"`;
    lines.push(
      `  <asic:DataObjectReference ${attributes}>`,
      `    <ds:DigestMethod Algorithm="${algorithm.uri}"/>`,
      `    <ds:DigestValue>${Buffer.from(document.digest).toString('base64')}</ds:DigestValue>`,
      '  </asic:DataObjectReference>',
    );
  }
  lines.push('</asic:ASiCManifest>', '');
  return new Uint8Array(Buffer.from(lines.join('\n'), 'utf8'));
}
