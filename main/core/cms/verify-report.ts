/** ETSI EN 319 102-1 main indications. */
export type VerifyIndication = 'TOTAL-PASSED' | 'TOTAL-FAILED' | 'INDETERMINATE';
export type RevocationCheck = 'good' | 'revoked' | 'unknown' | 'skipped';

/** One signer's checks; a check that does not apply (no signed attributes) is null. */
export interface SignerChecks {
  signature: boolean | null;
  messageDigest: boolean | null;
  signingCertificate: boolean | null;
  chain: boolean | null;
  revocation: RevocationCheck | null;
}

export interface SignerProblem {
  code: string;
  message: string;
}

export interface SignerReport {
  subject: string;
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
  errors: SignerProblem[];
  /** Technical facts: algorithms, chain subjects, timestamp time, revocation sources. */
  details: Record<string, string>;
}

export interface VerifyReport {
  valid: boolean;
  indication: VerifyIndication;
  attached: boolean;
  signaturePath: string;
  contentPath: string | null;
  signers: SignerReport[];
}

/** `signdesk verify --json` exactly as ../shared/CLI.md gives it (errors as codes, like `cert verify`). */
export function verifyReportJson(report: VerifyReport) {
  return {
    valid: report.valid,
    indication: report.indication,
    signers: report.signers.map((signer) => ({
      subject: signer.subject,
      issuer: signer.issuer,
      serial: signer.serial,
      signingTime: signer.signingTime,
      valid: signer.valid,
      indication: signer.indication,
      checks: signer.checks,
      errors: [...new Set(signer.errors.map((error) => error.code))],
    })),
  };
}

/** The overall indication: passed when every signer passed, failed when any failed, else indeterminate. */
export function overallIndication(signers: readonly SignerReport[]): VerifyIndication {
  if (signers.length > 0 && signers.every((signer) => signer.indication === 'TOTAL-PASSED')) return 'TOTAL-PASSED';
  if (signers.some((signer) => signer.indication === 'TOTAL-FAILED')) return 'TOTAL-FAILED';
  return 'INDETERMINATE';
}
