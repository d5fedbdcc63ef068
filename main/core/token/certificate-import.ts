import type { PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { certificateFields } from './certificate-fields';
import {
  CKA_CERTIFICATE_TYPE,
  CKA_CLASS,
  CKA_ID,
  CKA_ISSUER,
  CKA_LABEL,
  CKA_PRIVATE,
  CKA_SERIAL_NUMBER,
  CKA_SUBJECT,
  CKA_TOKEN,
  CKA_VALUE,
  CKC_X_509,
  CKO_CERTIFICATE,
} from './pkcs11-constants';
import { certificateSpki, describePrivateKey, findCertificates, findObjects, privateKeyTemplate } from './token-objects';

/**
 * Call inside a module task with a logged-in session. Stores the certificate (DER) as a public CKO_CERTIFICATE with
 * the key's CKA_ID, subject, issuer and serial; refuses one for another key; importing it twice changes nothing.
 */
export function importCertificateOnToken(library: PKCS11, session: Buffer, id: Buffer, der: Uint8Array, label: string | undefined): { id: string; label: string } {
  const fields = certificateFields(der);
  const [keyHandle] = findObjects(library, session, privateKeyTemplate({ id }));
  if (!keyHandle) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No private key with id ${id.toString('hex')} on the token (log in first)`);
  const key = describePrivateKey(library, session, keyHandle);
  if (key.publicKeySpki && !Buffer.from(key.publicKeySpki).equals(Buffer.from(certificateSpki(der)))) {
    throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate is for a different key');
  }
  const objectLabel = label ?? key.label;
  if (findCertificates(library, session, id).some(({ value }) => value.equals(Buffer.from(der)))) return { id: id.toString('hex'), label: objectLabel };
  library.C_CreateObject(session, [
    { type: CKA_CLASS, value: CKO_CERTIFICATE },
    { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
    { type: CKA_TOKEN, value: true },
    { type: CKA_PRIVATE, value: false },
    { type: CKA_LABEL, value: objectLabel },
    { type: CKA_ID, value: id },
    { type: CKA_SUBJECT, value: Buffer.from(fields.subject) },
    { type: CKA_ISSUER, value: Buffer.from(fields.issuer) },
    { type: CKA_SERIAL_NUMBER, value: Buffer.from(fields.serialNumber) },
    { type: CKA_VALUE, value: Buffer.from(der) },
  ]);
  return { id: id.toString('hex'), label: objectLabel };
}
