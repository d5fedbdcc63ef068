import { splitAlgorithmIdentifier } from '../crypto';
import { childNodes, expectTag, oid, readNode } from '../crypto/der';
import { OID_CMS_ALGORITHM_PROTECTION, OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_CERTIFICATE, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME } from './oids';
import type { ParsedSignerInfo } from './parse-signed-data';
import type { SignerProblem } from './verify-report';

const NAMES: Record<string, string> = {
  [OID_CONTENT_TYPE]: 'contentType',
  [OID_MESSAGE_DIGEST]: 'messageDigest',
  [OID_SIGNING_TIME]: 'signingTime',
  [OID_CMS_ALGORITHM_PROTECTION]: 'CMSAlgorithmProtection',
  [OID_SIGNING_CERTIFICATE]: 'signingCertificate',
  [OID_SIGNING_CERTIFICATE_V2]: 'signingCertificateV2',
};

/** Signed attributes that take exactly one value (RFC 5652 §11.1–11.3, RFC 6211 §2, RFC 5035 §5.4). */
const SINGLE_VALUED = [OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_TIME, OID_CMS_ALGORITHM_PROTECTION, OID_SIGNING_CERTIFICATE, OID_SIGNING_CERTIFICATE_V2];

/**
 * The strict rules of CMS and CAdES over one signer's signed attributes, each a coded problem: no attribute type twice;
 * exactly one value of contentType, messageDigest, signingTime, CMSAlgorithmProtection and the ESS signing-certificate
 * attributes; contentType present and equal to eContentType (absent in a counter-signature, §11.4); CMSAlgorithmProtection
 * naming the SignerInfo's own algorithms (RFC 6211 §3).
 */
export function signedAttributeProblems(signer: ParsedSignerInfo, context: { eContentType: string; counterSignature: boolean }): SignerProblem[] {
  const attributes = signer.signedAttributes;
  if (!attributes) return [];
  const problems: SignerProblem[] = [];
  const seen = new Set<string>();
  for (const attribute of attributes) {
    if (seen.has(attribute.type)) problems.push({ code: 'ERR_ATTRIBUTE_DUPLICATE', message: `The signed attribute ${NAMES[attribute.type] ?? attribute.type} appears more than once (RFC 5652 §5.3)` });
    seen.add(attribute.type);
  }
  for (const type of SINGLE_VALUED) {
    for (const attribute of attributes.filter((item) => item.type === type)) {
      if (attribute.values.length !== 1) problems.push({ code: 'ERR_ATTRIBUTE_VALUE_COUNT', message: `The ${NAMES[type]} attribute has ${attribute.values.length} values; exactly one is allowed` });
    }
  }
  const contentTypes = attributes.filter((item) => item.type === OID_CONTENT_TYPE);
  if (context.counterSignature) {
    if (contentTypes.length > 0) problems.push({ code: 'ERR_CONTENT_TYPE_MISMATCH', message: 'A counter-signature carries a contentType attribute (RFC 5652 §11.4 forbids it)' });
  } else if (contentTypes.length === 0) {
    problems.push({ code: 'ERR_CONTENT_TYPE_MISMATCH', message: 'The contentType attribute is missing (RFC 5652 §5.3 requires it with signed attributes)' });
  } else {
    const expected = Buffer.from(oid(context.eContentType));
    if (contentTypes.some((attribute) => attribute.values.some((value) => !Buffer.from(value).equals(expected)))) {
      problems.push({ code: 'ERR_CONTENT_TYPE_MISMATCH', message: `The contentType attribute does not name the signed content's type ${context.eContentType}` });
    }
  }
  if (!attributes.some((item) => item.type === OID_MESSAGE_DIGEST)) problems.push({ code: 'ERR_ATTRIBUTE_VALUE_COUNT', message: 'The messageDigest attribute is missing' });
  for (const attribute of attributes.filter((item) => item.type === OID_CMS_ALGORITHM_PROTECTION)) {
    for (const value of attribute.values) {
      const problem = algorithmProtectionProblem(value, signer);
      if (problem) problems.push({ code: 'ERR_ALGORITHM_PROTECTION_MISMATCH', message: problem });
    }
  }
  return problems;
}

/** RFC 6211: CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1] OPTIONAL, macAlgorithm [2] OPTIONAL }. */
function algorithmProtectionProblem(value: Uint8Array, signer: ParsedSignerInfo): string | undefined {
  try {
    const outer = expectTag(readNode(value), 0x30, 'CMSAlgorithmProtection');
    if (outer.end !== value.length) return 'The CMSAlgorithmProtection attribute is malformed';
    const [digestNode, ...rest] = childNodes(value, outer);
    const digest = value.subarray(expectTag(digestNode, 0x30, 'digestAlgorithm').start, digestNode!.end);
    if (!sameAlgorithm(digest, signer.fields.digestAlgorithm)) return 'CMSAlgorithmProtection names another digest algorithm than the SignerInfo (RFC 6211 §3)';
    const signatureNode = rest.find((node) => node.tag === 0xa1);
    if (rest.some((node) => node.tag === 0xa2)) return 'CMSAlgorithmProtection names a MAC algorithm in a signature (RFC 6211 §2)';
    if (rest.some((node) => node.tag !== 0xa1 && node.tag !== 0xa2) || rest.length > 1) return 'The CMSAlgorithmProtection attribute is malformed';
    if (!signatureNode) return 'CMSAlgorithmProtection names no signature algorithm (RFC 6211 §2 requires it for signatures)';
    const retagged = Uint8Array.from(value.subarray(signatureNode.start, signatureNode.end));
    retagged[0] = 0x30;
    if (!sameAlgorithm(retagged, signer.signatureAlgorithm)) return 'CMSAlgorithmProtection names another signature algorithm than the SignerInfo (RFC 6211 §3)';
    return undefined;
  } catch {
    return 'The CMSAlgorithmProtection attribute is malformed';
  }
}

/** Two AlgorithmIdentifiers name the same algorithm: same OID and parameters, an absent and a NULL parameter alike. */
function sameAlgorithm(a: Uint8Array, b: Uint8Array): boolean {
  const left = splitAlgorithmIdentifier(a);
  const right = splitAlgorithmIdentifier(b);
  if (left.oid !== right.oid) return false;
  const normalize = (parameters: Uint8Array | undefined): string => (parameters === undefined || (parameters.length === 2 && parameters[0] === 0x05 && parameters[1] === 0) ? '' : Buffer.from(parameters).toString('hex'));
  return normalize(left.parameters) === normalize(right.parameters);
}

