import type crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { TimestampReport } from '../../../preload/contract/domains/verify';
import { digest, hashByOid, type HashSpec, type SignatureCheck } from '../crypto';
import type { ParsedCertificate } from '../pki/certificate';
import { validatePath } from '../pki/path-validation';
import type { RevocationChecker } from '../pki/revocation/revocation-types';
import { archiveV2Digests, archiveV3Digests } from './archive-timestamp';
import { signedAttributeProblems } from './attribute-rules';
import { CADES_ATTRIBUTES } from './oids';
import type { ParsedSignedData, ParsedSignerInfo } from './parse-signed-data';
import { checkSignedAttributes, signerSignatureCheck } from './signed-attributes-check';
import { findSignerCertificate, signingCertificateMatches, signingTimeOf } from './signer-checks';
import { signatureLevel } from './signature-level';
import type { SignerNode } from './signer-tree';
import { checkTimestampToken, type ImprintExpectation } from './timestamp-check';
import type { ValidationDataSet } from './validation-data';
import { signerReport, signatureAlgorithmName } from './signer-report';
import type { ReportProblem, SignerChecks, SignerReport, VerifyIndication } from './verify-report';
import { weakAlgorithmOf } from './weak-algorithms';

/** What every signer of one signature is verified against. */
export interface VerificationContext {
  parsed: ParsedSignedData;
  /** Certificates a signer or a chain may use: the signature's own, `--untrusted`, the trust anchors. */
  candidates: ParsedCertificate[];
  malformedCertificates: Uint8Array[];
  /** The signature's own validation data (certificates, CRLs, OCSP), time-stamp tokens' included. */
  data: ValidationDataSet;
  trustAnchors: readonly Uint8Array[];
  givenIntermediates: readonly Uint8Array[];
  at?: Date;
  revocation?: RevocationChecker | 'skip';
  /** The checker used: the signature's own data first, then `revocation`. */
  revocationChecker?: RevocationChecker;
  /** Digests of the content by hash OID. */
  contentDigests: Map<string, Uint8Array>;
  /** The key of a signer's content digest in `contentDigests` when it is not just the hash OID (a DSTU key's own S-box). */
  signerDigestKeys: ReadonlyMap<ParsedSignerInfo, string>;
  /** encapContentInfo + content hashed so far (archive-time-stamp v2). */
  prefixedDigest(hash: HashSpec): crypto.Hash | undefined;
  /** The streamed check of a signer without signed attributes (or why it could not be made). */
  streaming(node: SignerNode): SignatureCheck | ReportProblem | undefined;
}

type Target = { kind: 'signer' } | { kind: 'counter'; signatureValue: Uint8Array };

/** One signer (or counter-signer), with its counter-signers nested, as a report. */
export async function verifySigner(node: SignerNode, context: VerificationContext, target: Target): Promise<SignerReport> {
  const { signer } = node;
  const errors: ReportProblem[] = [...signer.problems];
  const warnings: ReportProblem[] = [];
  const checks: SignerChecks = { signature: null, messageDigest: null, signingCertificate: null, chain: null, revocation: null };
  const signingTime = signingTimeOf(signer);
  const details: Record<string, string> = {
    digestAlgorithm: hashByOid(signer.digestAlgorithm)?.name ?? signer.digestAlgorithm,
    signatureAlgorithm: signatureAlgorithmName(signer),
  };
  let failed = errors.length > 0;
  let indeterminate = false;
  const counterSigners = await verifyCounterSigners(node, context);
  const levels = signatureLevel(context.parsed, signer);
  const base = { node, signingTime, checks, errors, warnings, details, counterSigners, level: levels.level, legacyLevel: levels.legacyLevel };

  const certificate = findSignerCertificate(signer, context.candidates);
  if (!certificate) {
    const malformed = context.malformedCertificates.some((der) => namesSigner(der, node));
    if (malformed) errors.push({ code: 'ERR_CERT_MALFORMED', message: 'The signer’s certificate in the signature is malformed (RFC 5280 §4.1)' });
    else errors.push({ code: 'ERR_CERT_UNTRUSTED', message: 'The signer’s certificate is neither in the signature nor among the given certificates' });
    return signerReport({ ...base, certificate: undefined, indication: malformed || failed ? 'TOTAL-FAILED' : 'INDETERMINATE', timestamps: [] });
  }

  // The signature value and the strict attribute rules.
  let encoding: SignerReport['signedAttributesEncoding'] = null;
  if (signer.signedAttributes) {
    const rules = signedAttributeProblems(signer, { eContentType: context.parsed.eContentType, counterSignature: target.kind === 'counter' });
    errors.push(...rules);
    if (rules.length > 0) failed = true;
    const hash = hashByOid(signer.digestAlgorithm);
    const contentDigest = target.kind === 'counter' ? (hash ? digest(hash.name, target.signatureValue) : undefined) : context.contentDigests.get(context.signerDigestKeys.get(signer) ?? signer.digestAlgorithm);
    const result = checkSignedAttributes(signer, certificate, contentDigest);
    checks.signature = result.signature;
    checks.messageDigest = result.messageDigest;
    errors.push(...result.problems);
    encoding = result.encoding;
    if (encoding === 'der-reencoded') warnings.push({ code: 'WARN_SIGNED_ATTRIBUTES_REENCODED', message: 'The signed attributes were not received in DER; the signature verified over their DER re-encoding (RFC 5652 §5.4)' });
  } else {
    const check = target.kind === 'counter' ? counterCheck(node, certificate, target.signatureValue) : context.streaming(node);
    if (check && 'code' in check) {
      errors.push(check);
      if (check.code === 'ERR_ALGORITHM_MISMATCH' || check.code === 'ERR_SIGNATURE_MALFORMED') checks.signature = false;
    } else if (check) {
      checks.signature = check.verify(signer.signature);
      if (!checks.signature) errors.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The signature value does not verify over the content' });
    }
  }
  if (errors.some((error) => error.code === 'ERR_ALGORITHM_MISMATCH')) details.algorithmBinding = 'the signature algorithm contradicts the key type or the digest algorithm';
  else if (checks.signature === true) details.algorithmBinding = 'the signature algorithm matches the key type and the digest algorithm';

  // The ESS signing-certificate binding (required for CAdES).
  const binding = signingCertificateMatches(signer, certificate);
  checks.signingCertificate = binding.matches;
  if (binding.problem) errors.push({ code: 'ERR_SIGNING_CERTIFICATE_MISMATCH', message: binding.problem });
  const cadesAttributes = [...(signer.signedAttributes ?? []), ...signer.unsignedAttributes].some((attribute) => CADES_ATTRIBUTES.has(attribute.type));
  if (binding.matches === null && cadesAttributes) {
    checks.signingCertificate = false;
    errors.push({ code: 'ERR_SIGNING_CERTIFICATE_MISSING', message: 'A CAdES signature without a signing-certificate(-v2) attribute (ETSI EN 319 122-1 §5.2.2)' });
  }
  if (checks.signature === false || checks.messageDigest === false || checks.signingCertificate === false) failed = true;
  if (checks.signature === null || (signer.signedAttributes && checks.messageDigest === null)) indeterminate = true;

  // Time-stamps: the earliest sound signature time-stamp is the best signature time.
  const timestamps = await checkTimestamps(node, context);
  let bestSignatureTime: Date | undefined;
  for (const stamp of timestamps) {
    if (!stamp.valid) {
      errors.push({ code: 'ERR_TIMESTAMP_INVALID', message: `${timestampLabel(stamp.kind)}: ${stamp.problem}` });
      indeterminate = true;
    } else if (stamp.kind === 'signature' && stamp.time && (!bestSignatureTime || Date.parse(stamp.time) < bestSignatureTime.getTime())) bestSignatureTime = new Date(stamp.time);
    for (const note of stamp.notes) warnings.push({ code: 'WARN_TIMESTAMP', message: `${timestampLabel(stamp.kind)}: ${note}` });
  }
  if (bestSignatureTime) details.timestamp = bestSignatureTime.toISOString();

  // Weak algorithms (ETSI TS 119 312): fine when a time-stamp proves the signature existed before the algorithm's end.
  const weak = weakAlgorithmOf(signer);
  if (weak) {
    const proof = bestSignatureTime ?? new Date();
    details.weakAlgorithm = `${weak.hash.name} (not fit for signatures after ${weak.weakAfter.toISOString().slice(0, 10)}, ETSI TS 119 312)`;
    if (proof.getTime() > weak.weakAfter.getTime()) {
      errors.push({ code: 'ERR_ALGORITHM_WEAK', message: `The signature uses ${weak.hash.name}, not fit for signatures since ${weak.weakAfter.toISOString().slice(0, 10)} (ETSI TS 119 312), and nothing proves it was made before` });
      indeterminate = true;
    } else {
      warnings.push({ code: 'WARN_ALGORITHM_WEAK', message: `The signature uses ${weak.hash.name}; a time-stamp proves it existed on ${proof.toISOString()}, before ${weak.hash.name} became weak` });
    }
  }

  const keyUsage = certificate.info.keyUsage;
  const usageAllowed = !keyUsage || keyUsage.includes('digitalSignature') || keyUsage.includes('nonRepudiation');
  if (!usageAllowed) errors.push({ code: 'ERR_CERT_KEY_USAGE', message: `The signer’s certificate does not allow signing (keyUsage: ${keyUsage.join(', ')})` });

  const at = context.at ?? bestSignatureTime ?? signingTime ?? new Date();
  details.validationTime = at.toISOString();
  const revocation = context.revocation === 'skip' ? 'skip' : context.revocationChecker;
  const path = await validatePath(certificate, { trustAnchors: context.trustAnchors, intermediates: intermediates(context), at, revocation });
  checks.chain = path.chainValid && usageAllowed;
  checks.revocation = path.revocation;
  errors.push(...path.errors);
  details.chain = path.chain.map((link) => link.info.subject).join(' → ');
  const sources = path.revocationResults.map((result) => result.source).filter(Boolean);
  if (sources.length > 0) details.revocationSource = [...new Set(sources)].join(', ');
  let validationData: SignerReport['validationData'] = null;
  if (path.revocationResults.length > 0) {
    const own = path.revocationResults.filter((result) => result.fromSignature).length;
    validationData = own === path.revocationResults.length ? 'signature' : own === 0 ? 'external' : 'mixed';
    if (validationData === 'signature') details.validationData = 'from the signature’s own validation data';
  }
  if (path.indication === 'TOTAL-FAILED') failed = true;
  if (path.indication === 'INDETERMINATE' || !usageAllowed) indeterminate = true;

  const indication: VerifyIndication = failed ? 'TOTAL-FAILED' : indeterminate ? 'INDETERMINATE' : 'TOTAL-PASSED';
  return signerReport({ ...base, certificate, indication, timestamps, signedAttributesEncoding: encoding, validationData });
}

async function verifyCounterSigners(node: SignerNode, context: VerificationContext): Promise<SignerReport[]> {
  const reports: SignerReport[] = [];
  for (const child of node.counterSigners) reports.push(await verifySigner(child, context, { kind: 'counter', signatureValue: node.signer.signature }));
  for (const message of node.malformedCounterSignatures) {
    reports.push(signerReport({
      node: undefined,
      certificate: undefined,
      signingTime: undefined,
      checks: { signature: null, messageDigest: null, signingCertificate: null, chain: null, revocation: null },
      errors: [{ code: 'ERR_SIGNATURE_MALFORMED', message: `A counter-signature is malformed: ${message}` }],
      warnings: [],
      details: {},
      counterSigners: [],
      indication: 'TOTAL-FAILED',
      timestamps: [],
      level: 'CMS',
      legacyLevel: null,
    }));
  }
  return reports;
}

/** A counter-signature without signed attributes signs the countersigned signature value itself (RFC 5652 §11.4). */
function counterCheck(node: SignerNode, certificate: ParsedCertificate, signatureValue: Uint8Array): SignatureCheck | ReportProblem {
  const check = signerSignatureCheck(node.signer, certificate);
  if (!('code' in check)) check.update(signatureValue);
  return check;
}

function intermediates(context: VerificationContext): Uint8Array[] {
  return [...context.data.certificates, ...context.givenIntermediates, ...context.candidates.map((candidate) => candidate.der)];
}

type TimestampOutcome = TimestampReport & { notes: string[] };

async function checkTimestamps(node: SignerNode, context: VerificationContext): Promise<TimestampOutcome[]> {
  const outcomes: TimestampOutcome[] = [];
  const { signer } = node;
  const trust = {
    trustAnchors: context.trustAnchors,
    intermediates: intermediates(context),
    revocation: context.revocation === 'skip' ? ('skip' as const) : context.revocationChecker,
  };
  const contentDigest = (hash: HashSpec): Uint8Array | undefined => context.contentDigests.get(hash.oid);
  for (const token of node.timestampTokens) {
    let expected: ImprintExpectation;
    if (token.kind === 'signature') expected = signer.signature;
    else if (token.kind === 'content') expected = (hash) => [contentDigest(hash) ?? new Uint8Array(0)];
    else if (token.kind === 'archive-v3') expected = archiveV3Digests(context.parsed, signer, contentDigest);
    else expected = archiveV2Digests(context.parsed, signer, (hash) => context.prefixedDigest(hash));
    const check = await checkTimestampToken(token.der, expected, trust);
    outcomes.push({ kind: token.kind, time: check.time?.toISOString() ?? null, tsa: check.tsa ?? null, valid: !check.problem, problem: check.problem ?? null, notes: check.notes });
  }
  return outcomes;
}

function timestampLabel(kind: TimestampReport['kind']): string {
  return { signature: 'Signature time-stamp', 'archive-v2': 'Archive time-stamp (v2)', 'archive-v3': 'Archive time-stamp (v3)', content: 'Content time-stamp', 'cades-x': 'CAdES-X time-stamp' }[kind];
}

/** Whether a certificate that failed strict parsing is the one the signer identifier names (read leniently by pkijs). */
function namesSigner(der: Uint8Array, node: SignerNode): boolean {
  try {
    const certificate = pkijs.Certificate.fromBER(der);
    const ski = certificate.extensions?.find((item) => item.extnID === '2.5.29.14')?.parsedValue;
    const lenient = {
      der,
      certificate,
      subjectRdns: [],
      issuerRdns: [],
      info: { subjectKeyIdentifier: ski instanceof asn1js.OctetString ? Buffer.from(ski.valueBlock.valueHexView).toString('hex') : null },
    } as unknown as ParsedCertificate;
    return findSignerCertificate(node.signer, [lenient]) !== undefined;
  } catch {
    return false;
  }
}
