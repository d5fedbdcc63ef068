import { SigndeskError } from '../../../preload/contract/errors';
import type { SignerReport, VerifyIndication } from '../../../preload/contract/domains/verify';
import type { SigningKey } from '../crypto';
import { describeCertificate } from '../pki/certificate';

/** Who a signature is by, as history keeps it: the certificate's subject and identifiers by name, and the key. */
export interface SignerOfKey {
  subject: string;
  identifiers: Record<string, string>;
  keyRef: string;
}

/** The signer a key makes; a key without a certificate cannot sign (a coded error saying what to do). */
export function signerOfKey(key: SigningKey): SignerOfKey {
  if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', `The key ${key.ref} has no certificate: import one before signing`);
  const info = describeCertificate(key.certificate);
  const identifiers = Object.fromEntries(Object.entries(info.identifiers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { subject: info.subject, identifiers, keyRef: key.ref };
}

/** A signer the verifier could not get to (unreadable CMS, broken container entry): one coded error says why. */
export function unverifiedSigner(indication: Extract<VerifyIndication, 'INDETERMINATE' | 'TOTAL-FAILED'>, error: { code: string; message: string }, extra: Partial<SignerReport> = {}): SignerReport {
  return {
    subject: '',
    issuer: '',
    serial: '',
    identifiers: {},
    signingTime: null,
    notBefore: null,
    notAfter: null,
    valid: false,
    indication,
    checks: { signature: null, messageDigest: null, signingCertificate: null, chain: null, revocation: null },
    errors: [error],
    details: {},
    ...extra,
  };
}
