import { z } from 'zod';
import { channel } from '../define';
import type { SignatureFormatId } from './queue';

/** ETSI EN 319 102-1 main indications. */
export type VerifyIndication = 'TOTAL-PASSED' | 'TOTAL-FAILED' | 'INDETERMINATE';
export type RevocationCheck = 'good' | 'revoked' | 'unknown' | 'skipped';

/** One signer's checks; a check that does not apply (e.g. no signed attributes) is null. */
export interface SignerChecks {
  signature: boolean | null;
  /** The content matches the signed digest. */
  messageDigest: boolean | null;
  /** signingCertificateV2 binds the signer's certificate. */
  signingCertificate: boolean | null;
  chain: boolean | null;
  revocation: RevocationCheck | null;
}

/** ETSI EN 319 122-1 baseline levels, or 'CMS' for a signature without CAdES attributes. */
export type SignatureLevel = 'CMS' | 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
/** ETSI TS 101 733 (legacy CAdES) forms. */
export type LegacySignatureLevel = 'BES' | 'EPES' | 'T' | 'C' | 'X' | 'X-L' | 'A';

/** A coded finding: an error fails or suspends the verdict, a warning only informs. */
export interface ReportProblem {
  code: string;
  message: string;
}

/** One time-stamp of a signer: the signature time-stamp, an archive time-stamp (v2 or v3), a CAdES-X time-stamp. */
export interface TimestampReport {
  kind: 'signature' | 'archive-v2' | 'archive-v3' | 'content' | 'cades-x';
  /** genTime, ISO 8601. */
  time: string | null;
  tsa: string | null;
  valid: boolean;
  problem: string | null;
}

export interface SignerReport {
  subject: string;
  /** The person, organisation and position the signer's certificate names (null where it has none). */
  owner?: string | null;
  organisation?: string | null;
  title?: string | null;
  issuer: string;
  serial: string;
  /** Identifiers by name from the signer's certificate, e.g. `{ EDRPOU: '41234567' }`. */
  identifiers: Record<string, string>;
  signingTime: string | null;
  notBefore: string | null;
  notAfter: string | null;
  valid: boolean;
  indication: VerifyIndication;
  checks: SignerChecks;
  errors: Array<{ code: string; message: string }>;
  /** Technical facts for the expandable part: algorithm names, chain subjects, revocation source… */
  details: Record<string, string>;
  /** Findings that do not change the indication (a weak algorithm protected by an earlier time-stamp, BER attributes). */
  warnings?: ReportProblem[];
  /** CAdES level of this signer, and its legacy (TS 101 733) name where one applies. */
  level?: SignatureLevel;
  legacyLevel?: LegacySignatureLevel | null;
  timestamps?: TimestampReport[];
  /** Which bytes the signature verified over: the signed attributes as received, or their DER re-encoding (BER received). */
  signedAttributesEncoding?: 'as-received' | 'der-reencoded' | null;
  /** Where chain and revocation came from: the signature's own validation data, outside sources, or both. */
  validationData?: 'signature' | 'external' | 'mixed' | null;
  /** Counter-signatures of this signer (RFC 5652 §11.4), each checked on its own, to any depth. */
  counterSigners?: SignerReport[];
  /** PAdES: the PDF facts of the signature (or document timestamp) this signer made. */
  pdf?: PdfSignatureFacts;
  /** ASiC-E: the manifest this signer signed and what it covers. */
  asic?: AsicSignerFacts;
}

/** ETSI EN 319 142-1 baseline levels; null when the signature is not PAdES (e.g. adbe.pkcs7.detached). */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/** What one later incremental update changed after a signature (ISO 32000 §12.8.2.2 categories). */
export interface PdfLaterChange {
  kind: string;
  objectNumber: number;
  revision: number;
  /** Whether the document's DocMDP level (P=2 when it is not certified) permits it. */
  allowed: boolean;
}

export interface PdfSignatureFacts {
  fieldName: string;
  kind: 'signature' | 'timestamp';
  subFilter: string | null;
  /** The 1-based incremental update that added it. */
  revision: number | null;
  /** /M: the time the signer's software claimed (not proof: a timestamp is). */
  claimedSigningTime: string | null;
  /** The ByteRange starts at 0 and its gap is exactly the /Contents string. */
  byteRangeValid: boolean;
  /** What is wrong with the ByteRange or /Contents (empty when valid). */
  problems: string[];
  /** Nothing was appended after this signature. */
  coversWholeDocument: boolean;
  /** Incremental updates after it, and what they changed (empty when it covers the whole document). */
  laterRevisions: number;
  laterChanges: PdfLaterChange[];
  /** Every later change is one its DocMDP level permits (new signatures, form fields, timestamps, DSS…). */
  onlyAllowedChanges: boolean;
  /** DocMDP /P when this signature certifies the document. */
  certifies: 1 | 2 | 3 | null;
  /** The baseline level this signature reaches with what the document holds. */
  level: PadesLevel | null;
  /** 1-based page of a visible signature; null when invisible. */
  page: number | null;
}

export interface AsicSignerFacts {
  /** The signature entry (`META-INF/signature001.p7s`) and the manifest it signs. */
  signatureEntry: string;
  manifestEntry: string | null;
  /** Documents the manifest lists, with their digest check. */
  documents: Array<{ name: string; status: 'match' | 'mismatch' | 'missing' | 'unsupported-algorithm' }>;
}

/** PAdES: the document as a whole. */
export interface PdfDocumentFacts {
  signatures: number;
  documentTimestamps: number;
  /** The catalog holds a /DSS (long-term validation data). */
  hasDss: boolean;
  /** The level the document as a whole reaches (the lowest over its signatures). */
  level: PadesLevel | null;
}

/** ASiC-E: the container as a whole. */
export interface AsicContainerFacts {
  documents: Array<{ name: string; size: number }>;
  /** Documents no manifest lists: nobody signed them. */
  uncoveredDocuments: string[];
  /** Documents a manifest lists that the container does not hold. */
  missingDocuments: string[];
  /** Structure warnings (a missing mimetype, a signature no manifest names, XAdES signatures not checked…). */
  warnings: Array<{ code: string; message: string }>;
}

/** An attached signature checked against a document the user gave: the two must be the same bytes. */
export interface ContentComparison {
  /** The document given with the signature. */
  givenPath: string | null;
  givenSize: number;
  /** What the signature actually carries (and its signers signed). */
  signedSize: number;
  signedSha256: string;
  matches: boolean;
}

export interface VerifyReport {
  valid: boolean;
  indication: VerifyIndication;
  /** The signature carries its content (attached) or needed a separate document (detached). */
  attached: boolean;
  signaturePath: string;
  contentPath: string | null;
  /** Present when an attached signature was given a document too. */
  contentComparison?: ContentComparison;
  signers: SignerReport[];
  /** The file's signature format; absent means CAdES. */
  format?: SignatureFormatId;
  /** PAdES: the document's facts. */
  pdf?: PdfDocumentFacts;
  /** ASiC-E: the container's facts. */
  container?: AsicContainerFacts;
  /** File-level findings that do not change the indication (data after the signature, an unexpected version). */
  warnings?: ReportProblem[];
}

/** One file of a bulk verification. */
export interface BulkVerifyItem {
  signaturePath: string;
  contentPath: string | null;
  /** null: the file could not be verified at all (see `error`). */
  indication: VerifyIndication | null;
  valid: boolean;
  /** Every signer and counter-signer. */
  signers: Array<{ subject: string; owner?: string | null; organisation?: string | null; indication: VerifyIndication; level: string | null; signingTime: string | null }>;
  /** Codes of every problem, de-duplicated. */
  errors: string[];
  error: { code: string; message: string } | null;
  /** The full report (kept for up to `BULK_FULL_REPORTS` files). */
  report: VerifyReport | null;
}

export interface BulkVerifySummary {
  total: number;
  passed: number;
  failed: number;
  indeterminate: number;
  /** Files that could not be verified. */
  errors: number;
}

export interface BulkVerifyResult {
  summary: BulkVerifySummary;
  files: BulkVerifyItem[];
  /** Documents found without any signature (in dropped folders). */
  unsigned: string[];
}

/** Up to this many files, a bulk verification keeps every full report for the screen to expand. */
export const BULK_FULL_REPORTS = 2000;

const filePath = z.string().min(1).max(4096);

export interface VerifyFileDescription {
  kind: 'signature' | 'signed-document' | 'document';
  /** The format that reads it; null for a document no format recognises. */
  format: SignatureFormatId | null;
}

export const verifyChannels = {
  /**
   * Checks every signer of a signed file against the trust store, whatever its format (a CAdES `.p7s`, a PDF, an
   * ASiC-E container: recognised by content); revocation online unless skipped.
   */
  'verify:signature': channel<VerifyReport>()(
    z.object({ signaturePath: filePath, contentPath: filePath.optional(), noRevocation: z.boolean().optional() }).strict(),
  ),
  /** The signed documents of an ASiC-E container, written into `targetDir` (nothing outside it; never half-written). */
  'verify:extract': channel<{ files: string[] }>()(
    z.object({ containerPath: filePath, targetDir: filePath, overwrite: z.boolean().optional() }).strict(),
  ),
  /**
   * What a dropped file is, by its content: a CAdES signature (`signature`: checked with its document when it is
   * detached), a PDF with signatures or an ASiC-E container (`signed-document`: checked alone), or anything else
   * (`document`: the content of a detached signature).
   */
  'verify:describe': channel<VerifyFileDescription>()(z.object({ path: filePath }).strict()),
  /** Many files and folders at once: `X.p7s` paired with `X`, verified in parallel; a summary and a verdict per file. */
  'verify:bulk': channel<BulkVerifyResult>()(
    z.object({ paths: z.array(filePath).min(1).max(100_000), noRevocation: z.boolean().optional() }).strict(),
  ),
  /**
   * Extends a signature to long-term CAdES (B-T, B-LT or B-LTA; default LTA) in place, with the time-stamp server of
   * the settings and OCSP/CRL answers fetched now (History's "Extend to long-term"); each signer's level before and after.
   */
  'verify:extend': channel<{ signers: Array<{ before: string; after: string }> }>()(
    z.object({ signaturePath: filePath, contentPath: filePath.optional(), level: z.enum(['T', 'LT', 'LTA']).optional() }).strict(),
  ),
};
