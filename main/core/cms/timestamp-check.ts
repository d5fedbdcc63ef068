import * as asn1js from 'asn1js';
import { digest, hashByOid, type HashSpec } from '../crypto';
import { parseCertificate, type ParsedCertificate } from '../pki/certificate';
import { validatePath } from '../pki/path-validation';
import type { RevocationChecker } from '../pki/revocation/revocation-types';
import { decodeBer } from '../pki/ber';
import { OID_TST_INFO } from './oids';
import { parseSignedData, type ParsedSignedData } from './parse-signed-data';
import { signedAttributeProblems } from './attribute-rules';
import { checkSignedAttributes } from './signed-attributes-check';
import { findSignerCertificate, signingCertificateMatches } from './signer-checks';

export interface TimestampCheck {
  /** genTime, when the token is sound. */
  time?: Date;
  /** Why the token cannot be relied on. */
  problem?: string;
  /** Things worth saying that do not void the token (its TSA's revocation could not be established). */
  notes: string[];
  /** The TSA certificate's subject. */
  tsa?: string;
  /** The token, parsed (its certificates and CRLs are validation data too). */
  token?: ParsedSignedData;
}

export interface TimestampTrust {
  trustAnchors: readonly Uint8Array[];
  intermediates: readonly Uint8Array[];
  /** The TSA certificate's revocation at genTime; absent or 'skip': not checked. */
  revocation?: RevocationChecker | 'skip';
}

/** What the message imprint of a token must be: the hash of these bytes, or digests computed with the token's hash. */
export type ImprintExpectation = Uint8Array | ((hash: HashSpec, token: ParsedSignedData) => Uint8Array[]);

export interface TstInfo {
  hashOid: string;
  hash: HashSpec | undefined;
  imprint: Uint8Array;
  genTime: Date;
}

/** The TSTInfo of a parsed TimeStampToken. */
export function tstInfo(token: ParsedSignedData): TstInfo {
  if (token.eContentType !== OID_TST_INFO || !token.content) throw new Error('the token does not carry a TSTInfo');
  const decoded = decodeBer(token.content);
  if (decoded.offset === -1 || !(decoded.result instanceof asn1js.Sequence)) throw new Error('malformed TSTInfo');
  const fields = decoded.result.valueBlock.value;
  const messageImprint = fields[2];
  const genTime = fields[4];
  if (!(messageImprint instanceof asn1js.Sequence) || !(genTime instanceof asn1js.GeneralizedTime)) throw new Error('malformed TSTInfo');
  const [algorithm, hashed] = messageImprint.valueBlock.value;
  const oid = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value[0] : undefined;
  if (!(oid instanceof asn1js.ObjectIdentifier) || !(hashed instanceof asn1js.OctetString)) throw new Error('malformed messageImprint');
  return { hashOid: oid.getValue(), hash: hashByOid(oid.getValue()), imprint: new Uint8Array(hashed.valueBlock.valueHexView), genTime: genTime.toDate() };
}

/**
 * An RFC 3161 TimeStampToken in a CAdES signature: its message imprint against what it must cover, the token's own
 * signature, signed attributes and ESS binding, the TSA certificate's timeStamping usage and its chain at genTime.
 */
export async function checkTimestampToken(tokenDer: Uint8Array, expected: ImprintExpectation, trust: TimestampTrust): Promise<TimestampCheck> {
  const notes: string[] = [];
  let token: ParsedSignedData | undefined;
  try {
    token = parseSignedData(tokenDer);
    const info = tstInfo(token);
    if (!info.hash) return { problem: `The time-stamp uses an unsupported hash ${info.hashOid}`, notes, token };
    const candidates = expected instanceof Uint8Array ? [digest(info.hash.name, expected)] : expected(info.hash, token);
    if (!candidates.some((candidate) => Buffer.from(candidate).equals(Buffer.from(info.imprint)))) {
      return { problem: 'The time-stamp covers different data (message imprint mismatch)', notes, token };
    }
    if (token.signerInfos.length !== 1) return { problem: 'A time-stamp token must have exactly one signer', notes, token };
    const signer = token.signerInfos[0]!;
    const pool: ParsedCertificate[] = [];
    for (const der of [...token.certificates, ...trust.intermediates, ...trust.trustAnchors]) {
      try {
        pool.push(parseCertificate(der));
      } catch {
        continue;
      }
    }
    const certificate = findSignerCertificate(signer, pool);
    if (!certificate) return { problem: 'The time-stamp authority’s certificate is missing', notes, token };
    const signerHash = hashByOid(signer.digestAlgorithm);
    if (!signer.signedAttributes || !signerHash) return { problem: 'The time-stamp token is not signed as RFC 3161 requires', notes, token };
    const rules = signedAttributeProblems(signer, { eContentType: token.eContentType, counterSignature: false });
    if (rules.length > 0) return { problem: `Time-stamp token: ${rules[0]!.message}`, notes, token };
    const checked = checkSignedAttributes(signer, certificate, digest(signerHash.name, token.content as Uint8Array));
    if (checked.problems.length > 0) return { problem: `Time-stamp token: ${checked.problems[0]!.message}`, notes, token };
    const binding = signingCertificateMatches(signer, certificate);
    if (binding.matches !== true) return { problem: 'The time-stamp token does not name its TSA certificate (ESS signing-certificate)', notes, token };
    if (!certificate.info.extendedKeyUsage?.includes('timeStamping')) return { problem: 'The TSA certificate is not for time-stamping', notes, token };
    const path = await validatePath(certificate, {
      trustAnchors: trust.trustAnchors,
      intermediates: pool.map((item) => item.der),
      at: info.genTime,
      revocation: trust.revocation ?? 'skip',
    });
    if (!path.chainValid) return { problem: `TSA certificate: ${path.errors[0]?.message ?? 'not trusted'}`, notes, token };
    if (path.revocation === 'revoked') return { problem: `TSA certificate: ${path.errors.find((error) => error.code === 'ERR_CERT_REVOKED')?.message ?? 'revoked'}`, notes, token };
    if (path.revocation === 'unknown') notes.push(`The revocation status of the TSA certificate could not be established (${path.errors.map((error) => error.message).join('; ')})`);
    return { time: info.genTime, tsa: certificate.info.subject, notes, token };
  } catch (error) {
    return { problem: `The time-stamp token is malformed: ${(error as Error).message}`, notes, ...(token ? { token } : {}) };
  }
}
