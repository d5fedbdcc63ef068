import { SigndeskError } from '../../../preload/contract/errors';
import { childNodes, encodingOf, expectTag, readNode } from './der';

/**
 * The SubjectPublicKeyInfo of an X.509 certificate, exactly as encoded in it (DER), whatever its algorithm
 * (national ones included): Certificate → tbsCertificate → the field after subject. ERR_CERT_MALFORMED otherwise.
 */
export function certificateSpki(certificate: Uint8Array): Uint8Array {
  try {
    const outer = expectTag(readNode(certificate), 0x30, 'Certificate');
    const tbs = expectTag(childNodes(certificate, outer)[0], 0x30, 'tbsCertificate');
    const fields = childNodes(certificate, tbs);
    const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
    return encodingOf(certificate, expectTag(fields[offset + 5], 0x30, 'subjectPublicKeyInfo'));
  } catch (error) {
    throw new SigndeskError('ERR_CERT_MALFORMED', `The certificate cannot be read: ${(error as Error).message}`, undefined, { cause: error });
  }
}
