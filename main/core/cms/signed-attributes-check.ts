import { SigndeskError, type ErrorCode } from '../../../preload/contract/errors';
import { certificateSpki, createSignatureCheck, decodeSignatureAlgorithmIdentifier, verificationKeyFromSpki, type SignatureCheck, type VerificationKey } from '../crypto';
import type { ParsedCertificate } from '../pki/certificate';
import { OID_MESSAGE_DIGEST } from './oids';
import type { ParsedSignerInfo } from './parse-signed-data';
import { octets } from './parse-signer-info';
import { attributeValues } from './signer-checks';
import { readTlv } from './tlv';
import type { SignerProblem } from './verify-report';

/**
 * The check of a SignerInfo's signature value with the signer certificate's key. The algorithm comes from the crypto
 * registry: the signatureAlgorithm must fit the digestAlgorithm and the key's type (ERR_ALGORITHM_MISMATCH), or it is
 * one we cannot compute (ERR_KEY_ALGORITHM_UNSUPPORTED). A problem (with its code) instead of a check then.
 */
export function signerSignatureCheck(signer: ParsedSignerInfo, certificate: ParsedCertificate): SignatureCheck | SignerProblem {
  try {
    const algorithm = decodeSignatureAlgorithmIdentifier(signer.signatureAlgorithm, signer.digestAlgorithm);
    return createSignatureCheck(algorithm, publicKeyOf(certificate));
  } catch (error) {
    const code: ErrorCode = error instanceof SigndeskError ? error.code : 'ERR_KEY_ALGORITHM_UNSUPPORTED';
    return { code, message: (error as Error).message };
  }
}

/** Parsed certificates are cached and shared: their key objects are built once (a packet has one signer, many files). */
const publicKeys = new WeakMap<ParsedCertificate, VerificationKey>();

function publicKeyOf(certificate: ParsedCertificate): VerificationKey {
  let key = publicKeys.get(certificate);
  if (!key) publicKeys.set(certificate, (key = verificationKeyFromSpki(certificateSpki(certificate.der))));
  return key;
}

export interface SignedAttributesResult {
  signature: boolean | null;
  messageDigest: boolean | null;
  problems: SignerProblem[];
  /** Which form of the signed attributes the signature verified over. */
  encoding: 'as-received' | 'der-reencoded' | null;
}

/**
 * The signature value over the signed attributes and the messageDigest against `contentDigest` (RFC 5652 §5.4, §11.2).
 * The signature is checked over the attributes as received; only when they were not received in DER, also over their
 * DER re-encoding (what RFC 5652 says is signed), and the report says which one verified.
 */
export function checkSignedAttributes(signer: ParsedSignerInfo, certificate: ParsedCertificate, contentDigest: Uint8Array | undefined): SignedAttributesResult {
  const problems: SignerProblem[] = [];
  let signature: boolean | null = null;
  let encoding: SignedAttributesResult['encoding'] = null;
  const forms: Array<[Uint8Array, 'as-received' | 'der-reencoded']> = [[signer.signedAttributesDer as Uint8Array, 'as-received']];
  if (signer.signedAttributesReencoded) forms.push([signer.signedAttributesReencoded, 'der-reencoded']);
  for (const [bytes, form] of forms) {
    const verifier = signerSignatureCheck(signer, certificate);
    if ('code' in verifier) {
      problems.push(verifier);
      if (verifier.code === 'ERR_ALGORITHM_MISMATCH' || verifier.code === 'ERR_SIGNATURE_MALFORMED') signature = false;
      break;
    }
    verifier.update(bytes);
    if (verifier.verify(signer.signature)) {
      signature = true;
      encoding = form;
      break;
    }
    signature = false;
  }
  if (signature === false && !problems.some((problem) => problem.code === 'ERR_ALGORITHM_MISMATCH' || problem.code === 'ERR_SIGNATURE_MALFORMED')) {
    problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The signature value does not verify with the signer’s key' });
  }
  const digestValues = attributeValues(signer.signedAttributes, OID_MESSAGE_DIGEST);
  let messageDigest: boolean | null = false;
  const value = digestValues?.length === 1 ? digestValues[0] : undefined;
  if (!value || value[0] !== 0x04) {
    if (!digestValues || digestValues.length === 1) problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The messageDigest attribute is missing or malformed' });
  } else if (!contentDigest) {
    messageDigest = null;
    problems.push({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED', message: `Unsupported digest algorithm ${signer.digestAlgorithm}` });
  } else {
    messageDigest = Buffer.from(octetValue(value)).equals(Buffer.from(contentDigest));
    if (!messageDigest) problems.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The content does not match the signed message digest' });
  }
  return { signature, messageDigest, problems, encoding };
}

function octetValue(der: Uint8Array): Uint8Array {
  try {
    return octets(readTlv(der, 'messageDigest'));
  } catch {
    return new Uint8Array(0);
  }
}
