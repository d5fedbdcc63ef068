import type { ParsedCertificate } from '../pki/certificate';
import { OID_CONTENT_TYPE, OID_MESSAGE_DIGEST } from './algorithms';
import { oid } from './der';
import type { ParsedSignerInfo } from './parse-signed-data';
import { attributeValues } from './signer-checks';
import { signatureVerifier } from './signature-verifier';
import type { SignerProblem } from './verify-report';

export function spkiOf(certificate: ParsedCertificate): Uint8Array {
  return new Uint8Array(certificate.certificate.subjectPublicKeyInfo.toSchema().toBER());
}

/** The signature value, messageDigest and contentType of one signer with signed attributes (CMS §5.4, §11). */
export function checkSignedAttributes(
  signer: ParsedSignerInfo,
  eContentType: string,
  certificate: ParsedCertificate,
  contentDigest: Uint8Array | undefined,
): { signature: boolean | null; messageDigest: boolean | null; problems: SignerProblem[] } {
  const problems: SignerProblem[] = [];
  let signature: boolean | null = null;
  const verifier = signatureVerifier(signer.signatureAlgorithm, signer.digestAlgorithm, spkiOf(certificate));
  if (typeof verifier === 'string') problems.push({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED', message: verifier });
  else {
    verifier.update(signer.signedAttributesDer as Uint8Array);
    signature = verifier.verify(signer.signature);
    if (!signature) problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The signature value does not verify with the signer’s key' });
  }
  const contentType = attributeValues(signer.signedAttributes, OID_CONTENT_TYPE);
  const expectedType = Buffer.from(oid(eContentType));
  if (!contentType || contentType.length !== 1 || !Buffer.from(contentType[0]).equals(expectedType)) {
    signature = false;
    problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The contentType attribute is missing or does not match the content' });
  }
  const digestValues = attributeValues(signer.signedAttributes, OID_MESSAGE_DIGEST);
  let messageDigest: boolean | null = false;
  if (!digestValues || digestValues.length !== 1 || digestValues[0][0] !== 0x04) {
    problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The messageDigest attribute is missing or malformed' });
  } else if (!contentDigest) {
    messageDigest = null;
    problems.push({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED', message: `Unsupported digest algorithm ${signer.digestAlgorithm}` });
  } else {
    messageDigest = Buffer.from(octetContent(digestValues[0])).equals(Buffer.from(contentDigest));
    if (!messageDigest) problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The content does not match the signed message digest' });
  }
  return { signature, messageDigest, problems };
}

function octetContent(der: Uint8Array): Uint8Array {
  const first = der[1];
  const offset = first & 0x80 ? 2 + (first & 0x7f) : 2;
  return der.subarray(offset);
}
