import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import type { KeyRecord } from '../cabinet';

/** The SubjectPublicKeyInfo (DER) of a certificate; ERR_CERT_MALFORMED when it cannot be read. */
export function spkiOfCertificate(der: Uint8Array): Buffer {
  try {
    return new crypto.X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new SigndeskError('ERR_CERT_MALFORMED', `The certificate cannot be read: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** The public key the cabinet already holds for a key: from its latest request, else its certificate. */
export function knownPublicKey(record: KeyRecord): Buffer | undefined {
  try {
    if (record.request) return Buffer.from(pkijs.CertificationRequest.fromBER(record.request).subjectPublicKeyInfo.toSchema().toBER(false));
    if (record.certificate) return spkiOfCertificate(record.certificate);
  } catch {
    // An unreadable stored request is no reason to fail: the key itself is opened instead.
  }
  return undefined;
}
