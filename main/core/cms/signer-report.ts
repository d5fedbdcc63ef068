import type { LegacySignatureLevel, SignatureLevel, TimestampReport } from '../../../preload/contract/domains/verify';
import { decodeSignatureAlgorithmIdentifier, describeSignatureAlgorithm, splitAlgorithmIdentifier } from '../crypto';
import type { ParsedCertificate } from '../pki/certificate';
import { formatDn } from '../pki/dn';
import type { ParsedSignerInfo } from './parse-signed-data';
import type { SignerNode } from './signer-tree';
import type { ReportProblem, SignerChecks, SignerReport, VerifyIndication } from './verify-report';

export interface SignerReportParts {
  node: SignerNode | undefined;
  certificate: ParsedCertificate | undefined;
  signingTime: Date | undefined;
  checks: SignerChecks;
  errors: ReportProblem[];
  warnings: ReportProblem[];
  details: Record<string, string>;
  counterSigners: SignerReport[];
  indication: VerifyIndication;
  timestamps: Array<TimestampReport & { notes?: string[] }>;
  level: SignatureLevel;
  legacyLevel: LegacySignatureLevel | null;
  signedAttributesEncoding?: SignerReport['signedAttributesEncoding'];
  validationData?: SignerReport['validationData'];
}

/** The contract's SignerReport from what the verifier found. */
export function signerReport(parts: SignerReportParts): SignerReport {
  const { certificate } = parts;
  const sid = parts.node?.signer.sid;
  const identifiers: Record<string, string> = {};
  for (const [name, value] of Object.entries(certificate?.info.identifiers ?? {})) if (value !== undefined) identifiers[name] = value;
  return {
    subject: certificate?.info.subject ?? '',
    owner: certificate?.info.owner ?? null,
    organisation: certificate?.info.organisation ?? null,
    title: certificate?.info.title ?? null,
    issuer: certificate?.info.issuer ?? (sid?.kind === 'issuerAndSerial' ? safeFormat(sid.issuer) : ''),
    serial: certificate?.info.serial ?? (sid?.kind === 'issuerAndSerial' ? Buffer.from(sid.serial).toString('hex').replace(/^(00)+(?=.)/, '') : ''),
    identifiers,
    signingTime: parts.signingTime ? parts.signingTime.toISOString().replace(/\.000Z$/, 'Z') : null,
    notBefore: certificate?.info.notBefore ?? null,
    notAfter: certificate?.info.notAfter ?? null,
    valid: parts.indication === 'TOTAL-PASSED',
    indication: parts.indication,
    checks: parts.checks,
    errors: parts.errors,
    details: parts.details,
    warnings: parts.warnings,
    level: parts.level,
    legacyLevel: parts.legacyLevel,
    timestamps: parts.timestamps.map(({ kind, time, tsa, valid, problem }) => ({ kind, time, tsa, valid, problem })),
    signedAttributesEncoding: parts.signedAttributesEncoding ?? null,
    validationData: parts.validationData ?? null,
    counterSigners: parts.counterSigners,
  };
}

function safeFormat(nameDer: Uint8Array): string {
  try {
    return formatDn(nameDer);
  } catch {
    return '';
  }
}

export function signatureAlgorithmName(signer: ParsedSignerInfo): string {
  try {
    return describeSignatureAlgorithm(decodeSignatureAlgorithmIdentifier(signer.signatureAlgorithm, signer.digestAlgorithm));
  } catch {
    try {
      return splitAlgorithmIdentifier(signer.signatureAlgorithm).oid;
    } catch {
      return 'unknown';
    }
  }
}
