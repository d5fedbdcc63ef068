import type { PadesLevel } from '../../../../preload/contract/domains/verify';
import { parseSignedData } from '../../cms';
import { OID_SIGNATURE_TIMESTAMP_TOKEN } from '../../cms/oids';
import type { LaterChange, PdfSignatureInfo } from './pdf';

const ORDER: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

/** Whether the signature's CMS carries a signature timestamp (an unsigned signature-time-stamp attribute). */
export function hasSignatureTimestamp(cms: Uint8Array): boolean {
  try {
    return parseSignedData(cms).signerInfos.some((signer) => signer.unsignedAttributes.some((attribute) => attribute.type === OID_SIGNATURE_TIMESTAMP_TOKEN));
  } catch {
    return false;
  }
}

/**
 * The ETSI EN 319 142-1 baseline level one signature reaches with what the document holds: B-B for
 * ETSI.CAdES.detached; B-T with a signature timestamp or a document timestamp added after it; B-LT when a DSS was
 * added after that; B-LTA when a document timestamp was added after the DSS. Null for other SubFilters.
 */
export function padesLevel(signature: PdfSignatureInfo, laterChanges: readonly LaterChange[], documentTimestamps: readonly PdfSignatureInfo[]): PadesLevel | null {
  if (signature.kind !== 'signature' || signature.subFilter !== 'ETSI.CAdES.detached') return null;
  const revision = signature.revision ?? 0;
  const timestampsAfter = documentTimestamps.filter((timestamp) => (timestamp.revision ?? 0) > revision).map((timestamp) => timestamp.revision ?? 0);
  if (!hasSignatureTimestamp(signature.cms) && timestampsAfter.length === 0) return 'B-B';
  const dssRevisions = laterChanges.filter((change) => change.kind === 'dss').map((change) => change.revision);
  if (dssRevisions.length === 0) return 'B-T';
  const firstDss = Math.min(...dssRevisions);
  return timestampsAfter.some((timestampRevision) => timestampRevision >= firstDss) ? 'B-LTA' : 'B-LT';
}

/** The lowest of the levels (the document as a whole); null when a signature is not PAdES or there is none. */
export function lowestLevel(levels: ReadonlyArray<PadesLevel | null>): PadesLevel | null {
  if (levels.length === 0 || levels.includes(null)) return null;
  return ORDER[Math.min(...levels.map((level) => ORDER.indexOf(level!)))] ?? null;
}
