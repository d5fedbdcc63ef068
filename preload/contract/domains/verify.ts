import { z } from 'zod';
import { channel } from '../define';

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
  errors: Array<{ code: string; message: string }>;
  /** Technical facts for the expandable part: algorithm names, chain subjects, revocation source… */
  details: Record<string, string>;
}

export interface VerifyReport {
  valid: boolean;
  indication: VerifyIndication;
  /** The signature carries its content (attached) or needed a separate document (detached). */
  attached: boolean;
  signaturePath: string;
  contentPath: string | null;
  signers: SignerReport[];
}

const filePath = z.string().min(1).max(4096);

export const verifyChannels = {
  /** Checks every signer of a CMS/CAdES signature against the trust store; revocation online unless skipped. */
  'verify:signature': channel<VerifyReport>()(
    z.object({ signaturePath: filePath, contentPath: filePath.optional(), noRevocation: z.boolean().optional() }).strict(),
  ),
};
