import { SigndeskError } from '../../../preload/contract/errors';
import { childNodes, encodingOf, readNode } from '../crypto/der';

/** What a PKCS#11 certificate object repeats from the certificate: DER subject, issuer and serial INTEGER. */
export interface CertificateFields {
  subject: Uint8Array;
  issuer: Uint8Array;
  /** The DER INTEGER (tag, length, value), as CKA_SERIAL_NUMBER wants it. */
  serialNumber: Uint8Array;
  subjectPublicKeyInfo: Uint8Array;
}

export function certificateFields(der: Uint8Array): CertificateFields {
  try {
    const certificate = readNode(der);
    if (certificate.tag !== 0x30) throw new Error('not a SEQUENCE');
    const [tbs] = childNodes(der, certificate);
    if (!tbs || tbs.tag !== 0x30) throw new Error('no TBSCertificate');
    const fields = childNodes(der, tbs);
    const start = fields[0]?.tag === 0xa0 ? 1 : 0;
    const [serial, , issuer, , subject, spki] = fields.slice(start);
    if (!serial || serial.tag !== 0x02 || !issuer || !subject || !spki) throw new Error('missing fields');
    return { subject: encodingOf(der, subject), issuer: encodingOf(der, issuer), serialNumber: encodingOf(der, serial), subjectPublicKeyInfo: encodingOf(der, spki) };
  } catch (error) {
    throw new SigndeskError('ERR_CERT_MALFORMED', `Not an X.509 certificate: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** Accepts DER or one PEM certificate. */
export function certificateDer(input: Uint8Array): Uint8Array {
  const head = Buffer.from(input.subarray(0, 64)).toString('latin1');
  if (!head.includes('-----BEGIN')) return input;
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(Buffer.from(input).toString('latin1'));
  if (!match) throw new SigndeskError('ERR_CERT_MALFORMED', 'No PEM certificate found');
  return new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}
