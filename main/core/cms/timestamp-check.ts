import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { parseCertificate, type ParsedCertificate } from '../pki/certificate';
import { validatePath } from '../pki/path-validation';
import { HASH_BY_OID, OID_TST_INFO } from './algorithms';
import { parseSignedData } from './parse-signed-data';
import { findSignerCertificate, signingCertificateMatches } from './signer-checks';
import { tstInfoOf } from './timestamp';
import { checkSignedAttributes } from './signed-attributes-check';

export interface TimestampCheck {
  /** genTime, when the token is sound. */
  time?: Date;
  /** Why the token cannot be relied on. */
  problem?: string;
  /** The TSA certificate's subject. */
  tsa?: string;
}

/**
 * An RFC 3161 signature timestamp (CAdES signatureTimeStampToken) over `signatureValue`: the imprint, the
 * token's own signature and ESS binding, the TSA certificate's timeStamping usage and chain at genTime.
 */
export async function checkTimestampToken(
  tokenDer: Uint8Array,
  signatureValue: Uint8Array,
  trust: { trustAnchors: readonly Uint8Array[]; intermediates: readonly Uint8Array[] },
): Promise<TimestampCheck> {
  try {
    const token = parseSignedData(tokenDer);
    if (token.eContentType !== OID_TST_INFO || !token.content) return { problem: 'The timestamp token does not carry a TSTInfo' };
    const info = tstInfoOf(asn1js.fromBER(tokenDer).result as asn1js.Sequence);
    const imprintHash = HASH_BY_OID[info.hashOid];
    if (!imprintHash) return { problem: `The timestamp uses an unsupported hash ${info.hashOid}` };
    if (!crypto.createHash(imprintHash).update(signatureValue).digest().equals(Buffer.from(info.imprint))) {
      return { problem: 'The timestamp covers a different signature value' };
    }
    const signer = token.signerInfos[0];
    const candidates: ParsedCertificate[] = [];
    for (const der of [...token.certificates, ...trust.intermediates, ...trust.trustAnchors]) {
      try {
        candidates.push(parseCertificate(der));
      } catch {
        continue;
      }
    }
    const certificate = findSignerCertificate(signer, candidates);
    if (!certificate) return { problem: 'The timestamp authority’s certificate is missing' };
    const signerHash = HASH_BY_OID[signer.digestAlgorithm];
    if (!signer.signedAttributes || !signerHash) return { problem: 'The timestamp token is not signed as RFC 3161 requires' };
    const contentDigest = new Uint8Array(crypto.createHash(signerHash).update(token.content).digest());
    const checked = checkSignedAttributes(signer, token.eContentType, certificate, contentDigest);
    if (checked.problems.length > 0) return { problem: `Timestamp token: ${checked.problems[0].message}` };
    if (signingCertificateMatches(signer, certificate).matches === false) return { problem: 'The timestamp token names a different TSA certificate' };
    if (!certificate.info.extendedKeyUsage?.includes('timeStamping')) return { problem: 'The TSA certificate is not for time stamping' };
    const path = await validatePath(certificate, { trustAnchors: trust.trustAnchors, intermediates: candidates.map((item) => item.der), at: info.genTime, revocation: 'skip' });
    if (!path.valid) return { problem: `TSA certificate: ${path.errors[0]?.message ?? 'not trusted'}` };
    return { time: info.genTime, tsa: certificate.info.subject };
  } catch (error) {
    return { problem: `The timestamp token is malformed: ${(error as Error).message}` };
  }
}
