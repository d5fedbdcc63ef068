import path from 'node:path';
import * as asn1js from 'asn1js';
import type { PdfDocumentFacts, PdfSignatureFacts, SignerReport, VerifyReport } from '../../../../preload/contract/domains/verify';
import { SigndeskError } from '../../../../preload/contract/errors';
import { overallIndication, verifyCms } from '../../cms';
import { readRanges } from '../../cms/content-ranges';
import { tstInfoOf } from '../../cms/timestamp';
import { hashByOid } from '../../crypto';
import type { FormatVerifyRequest } from '../signature-format';
import { unverifiedSigner } from '../signer-facts';
import { analyseLaterChanges, hashByteRanges, PdfReader, readPdfSignatures, type LaterChangesReport, type PdfSignatureInfo } from './pdf';
import { lowestLevel, padesLevel } from './pades-level';

/**
 * Verifies every signature and document timestamp of a PDF: each CMS through the CAdES verifier with its ByteRange
 * streamed as the content (a document timestamp's imprint against the ranges), plus the PDF's own facts per
 * signature — a sound ByteRange, whether it covers the whole document or what later updates changed (and whether
 * the document's DocMDP level allows that), its PAdES level.
 */
export async function verifyPades(request: FormatVerifyRequest): Promise<VerifyReport> {
  const file = request.signaturePath;
  if (request.contentPath !== undefined) throw new SigndeskError('ERR_USAGE', 'A PDF carries its documents: it is checked without a separate document (--content is for detached .p7s signatures)');
  const found = await readPdfSignatures(file);
  if (found.length === 0) throw new SigndeskError('ERR_NOT_SIGNED', `${path.basename(file)} holds no signatures`, { path: file });
  const timestamps = found.filter((info) => info.kind === 'timestamp');
  const signers: SignerReport[] = [];
  const levels: PdfSignatureFacts['level'][] = [];
  for (const info of found) {
    const later: LaterChangesReport | undefined = info.coversWholeDocument || !info.byteRangeValid ? undefined : await analyseLaterChanges(file, info);
    const facts = pdfFacts(info, later, timestamps);
    if (info.kind === 'signature') levels.push(facts.level);
    for (const report of await verifyOne(file, info, request)) signers.push(withPdfFacts(report, facts));
  }
  const indication = overallIndication(signers);
  const pdf: PdfDocumentFacts = {
    signatures: found.length - timestamps.length,
    documentTimestamps: timestamps.length,
    hasDss: await hasDss(file),
    level: lowestLevel(levels),
  };
  return { valid: indication === 'TOTAL-PASSED', indication, attached: true, signaturePath: file, contentPath: null, signers, format: 'pades', pdf };
}

function pdfFacts(info: PdfSignatureInfo, later: LaterChangesReport | undefined, timestamps: readonly PdfSignatureInfo[]): PdfSignatureFacts {
  const changes = later?.changes ?? [];
  return {
    fieldName: info.fieldName,
    kind: info.kind,
    subFilter: info.subFilter ?? null,
    revision: info.revision ?? null,
    claimedSigningTime: info.signingTime?.toISOString() ?? null,
    byteRangeValid: info.byteRangeValid,
    problems: info.problems,
    coversWholeDocument: info.coversWholeDocument,
    laterRevisions: later?.laterRevisions ?? 0,
    laterChanges: changes.map((change) => ({ kind: change.kind, objectNumber: change.objectNumber, revision: change.revision, allowed: change.allowed })),
    onlyAllowedChanges: later?.onlyAllowedChanges ?? info.byteRangeValid,
    certifies: info.docMdpLevel ?? null,
    level: padesLevel(info, changes, timestamps),
    page: info.page ?? null,
  };
}

/** The PDF's verdict joins the CMS's: a broken ByteRange or a forbidden later change fails the signature. */
function withPdfFacts(report: SignerReport, facts: PdfSignatureFacts): SignerReport {
  const errors = [...report.errors];
  if (!facts.byteRangeValid) errors.unshift({ code: 'ERR_SIGNATURE_INVALID', message: `The signature's byte range is not sound: ${facts.problems.join('; ')}` });
  else if (!facts.onlyAllowedChanges) {
    const forbidden = facts.laterChanges.filter((change) => !change.allowed);
    const what = [...new Set(forbidden.map((change) => change.kind))].join(', ');
    errors.unshift({ code: 'ERR_PDF_MODIFIED', message: `The document was changed after this signature in a way it does not allow: ${what} (objects ${forbidden.map((change) => change.objectNumber).join(', ')})` });
  }
  const failed = errors.length > report.errors.length;
  const details: Record<string, string> = { ...report.details, pdfField: facts.fieldName, ...(facts.level ? { padesLevel: facts.level } : {}) };
  if (facts.claimedSigningTime) details.pdfClaimedTime = facts.claimedSigningTime;
  return {
    ...report,
    // PAdES signers carry no signingTime attribute: the time their software claimed is the dictionary's /M.
    signingTime: report.signingTime ?? (facts.claimedSigningTime ? facts.claimedSigningTime.replace(/\.000Z$/, 'Z') : null),
    errors,
    details,
    ...(failed ? { valid: false, indication: 'TOTAL-FAILED' as const } : {}),
    pdf: facts,
  };
}

function ranges(info: PdfSignatureInfo): Array<{ start: number; length: number }> | undefined {
  const byteRange = info.byteRange;
  if (!byteRange || byteRange.length !== 4) return undefined;
  return [
    { start: byteRange[0]!, length: byteRange[1]! },
    { start: byteRange[2]!, length: byteRange[3]! },
  ];
}

async function verifyOne(file: string, info: PdfSignatureInfo, request: FormatVerifyRequest): Promise<SignerReport[]> {
  const trust = { trustAnchors: request.trustAnchors, ...(request.intermediates ? { intermediates: request.intermediates } : {}), ...(request.revocation ? { revocation: request.revocation } : {}) };
  const covered = ranges(info);
  try {
    if (info.cms.length === 0) throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'The signature was never written (/Contents is empty)');
    if (!covered) throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'The signature has no usable /ByteRange');
    if (info.kind === 'timestamp') return await verifyDocumentTimestamp(file, info, request, trust);
    const report = await verifyCms({ signature: info.cms, signaturePath: file, contentSource: (onChunk) => readRanges(file, covered, onChunk), ...trust, ...(request.at ? { at: request.at } : {}) });
    return report.signers;
  } catch (error) {
    if (!(error instanceof SigndeskError)) throw error;
    return [unreadable(info, error)];
  }
}

/** A document timestamp: the token verified as a CMS, its imprint compared with the hash of the byte ranges. */
async function verifyDocumentTimestamp(file: string, info: PdfSignatureInfo, request: FormatVerifyRequest, trust: Omit<Parameters<typeof verifyCms>[0], 'signature'>): Promise<SignerReport[]> {
  const parsed = asn1js.fromBER(info.cms);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new SigndeskError('ERR_SIGNATURE_MALFORMED', 'The document timestamp is not a DER token');
  const tst = tstInfoOf(parsed.result);
  const report = await verifyCms({ signature: info.cms, signaturePath: file, ...trust, at: request.at ?? tst.genTime });
  const hash = hashByOid(tst.hashOid);
  const imprintMatches = hash !== undefined && Buffer.from(await hashByteRanges(file, info.byteRange!, hash.name)).equals(Buffer.from(tst.imprint));
  return report.signers.map((signer) => {
    const errors = [...signer.errors];
    if (!imprintMatches) errors.unshift({ code: 'ERR_SIGNATURE_INVALID', message: hash ? 'The document timestamp covers other bytes than its byte range' : `The document timestamp uses an unknown hash ${tst.hashOid}` });
    return {
      ...signer,
      signingTime: tst.genTime.toISOString().replace(/\.000Z$/, 'Z'),
      checks: { ...signer.checks, messageDigest: imprintMatches && signer.checks.messageDigest !== false },
      errors,
      details: { ...signer.details, timestamp: tst.genTime.toISOString() },
      ...(imprintMatches ? {} : { valid: false, indication: 'TOTAL-FAILED' as const }),
    };
  });
}

/** A signature whose CMS cannot be read: one failed signer that says why. */
function unreadable(info: PdfSignatureInfo, error: SigndeskError): SignerReport {
  return unverifiedSigner('TOTAL-FAILED', { code: error.code, message: error.message }, { subject: info.name ?? '' });
}

async function hasDss(file: string): Promise<boolean> {
  const reader = await PdfReader.open(file);
  try {
    return (await reader.catalog()).has('DSS');
  } finally {
    await reader.close();
  }
}
