import type { SignerReport, VerifyIndication, VerifyReport } from '../../../preload/contract/domains/verify';

/** The report types are the contract's: the verifier's result goes to the window as it is. */
export type {
  ContentComparison,
  LegacySignatureLevel,
  ReportProblem,
  RevocationCheck,
  SignatureLevel,
  SignerChecks,
  SignerReport,
  TimestampReport,
  VerifyIndication,
  VerifyReport,
} from '../../../preload/contract/domains/verify';
export type SignerProblem = SignerReport['errors'][number];

/** One signer in `verify --json`: CLI.md's shape, plus its level, warnings, time-stamps and nested counter-signers. */
export interface SignerJson {
  subject: string;
  issuer: string;
  serial: string;
  signingTime: string | null;
  valid: boolean;
  indication: VerifyIndication;
  checks: SignerReport['checks'];
  errors: string[];
  level: string | null;
  legacyLevel: string | null;
  warnings: string[];
  timestamps: Array<{ kind: string; time: string | null; valid: boolean }>;
  validationData: string | null;
  counterSigners: SignerJson[];
}

/** `signdesk verify --json` as ../shared/CLI.md gives it (errors as codes, like `cert verify`), extended compatibly. */
export function verifyReportJson(report: VerifyReport) {
  return {
    valid: report.valid,
    indication: report.indication,
    ...(report.contentComparison ? { content: report.contentComparison } : {}),
    signers: report.signers.map(signerJson),
    warnings: [...new Set((report.warnings ?? []).map((warning) => warning.code))],
  };
}

function signerJson(signer: SignerReport): SignerJson {
  return {
    subject: signer.subject,
    issuer: signer.issuer,
    serial: signer.serial,
    signingTime: signer.signingTime,
    valid: signer.valid,
    indication: signer.indication,
    checks: signer.checks,
    errors: [...new Set(signer.errors.map((error) => error.code))],
    level: signer.level ?? null,
    legacyLevel: signer.legacyLevel ?? null,
    warnings: [...new Set((signer.warnings ?? []).map((warning) => warning.code))],
    timestamps: (signer.timestamps ?? []).map((stamp) => ({ kind: stamp.kind, time: stamp.time, valid: stamp.valid })),
    validationData: signer.validationData ?? null,
    counterSigners: (signer.counterSigners ?? []).map(signerJson),
  };
}

/** Every signer and counter-signer, depth first. */
export function allSigners(signers: readonly SignerReport[]): SignerReport[] {
  return signers.flatMap((signer) => [signer, ...allSigners(signer.counterSigners ?? [])]);
}

/** The overall indication: passed when every signer and counter-signer passed, failed when any failed, else indeterminate. */
export function overallIndication(signers: readonly SignerReport[]): VerifyIndication {
  const all = allSigners(signers);
  if (all.length > 0 && all.every((signer) => signer.indication === 'TOTAL-PASSED')) return 'TOTAL-PASSED';
  if (all.some((signer) => signer.indication === 'TOTAL-FAILED')) return 'TOTAL-FAILED';
  return 'INDETERMINATE';
}

