import type { SignerReport, VerifyIndication, VerifyReport } from '../../../preload/contract/domains/verify';

/** The report types are the contract's: the verifier's result goes to the window as it is. */
export type { RevocationCheck, SignerChecks, SignerReport, VerifyIndication, VerifyReport } from '../../../preload/contract/domains/verify';
export type SignerProblem = SignerReport['errors'][number];

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
