import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { compareCrlNumbers, crlNumberExtension, type CrlNumber } from './crl-number';
import { spkiOf, type ParsedCertificate } from '../certificate';
import { CertificatePool } from '../certificate-pool';
import { nameDer, namesEqual, nameFromDer } from '../dn';
import { verifyObjectSignature } from '../object-signature';
import { validatePath } from '../path-validation';
import { ALL_REASONS, certificateDistributionPoints, issuingDistributionPoint, nameKey, type DistributionPointInfo, type IssuingDistributionPointInfo } from './distribution-points';
import { CLOCK_SKEW_MS } from './ocsp-response';
import { reasonName, type RevocationReason } from './revocation-types';

const OID_CRL_NUMBER = '2.5.29.20';
const OID_DELTA_CRL_INDICATOR = '2.5.29.27';
const OID_REASON_CODE = '2.5.29.21';
const OID_CERTIFICATE_ISSUER = '2.5.29.29';

/** CRL extensions this validator understands (RFC 5280 §5.2); any other critical one makes the CRL unusable. */
const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.35', '2.5.29.18', OID_CRL_NUMBER, OID_DELTA_CRL_INDICATOR, '2.5.29.28', '2.5.29.46', '1.3.6.1.5.5.7.1.1', '2.5.29.60']);
/** CRL entry extensions (§5.3). */
const KNOWN_ENTRY_EXTENSIONS = new Set([OID_REASON_CODE, '2.5.29.23', '2.5.29.24', OID_CERTIFICATE_ISSUER]);

export interface CrlInput {
  crl: pkijs.CertificateRevocationList;
  der: Uint8Array;
}

export interface CrlValidationContext {
  crls: readonly CrlInput[];
  /** Certificates that may have signed a CRL (a CA's separate CRL key, an indirect CRL issuer) and their intermediates. */
  certificates: readonly Uint8Array[];
  trustAnchors: readonly Uint8Array[];
  /** The time the status is wanted for. */
  at: Date;
  /** 'current': each CRL must be current now. 'archival': a CRL in force at `at`, or issued after it, tells the status at `at`. */
  freshness: 'current' | 'archival';
  now: Date;
}

export interface CrlStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  reason: RevocationReason | null;
  thisUpdate: Date | null;
  nextUpdate: Date | null;
  problems: string[];
  /** The CRLs the answer rests on. */
  used: Uint8Array[];
}

/**
 * RFC 5280 §6.3 over the given CRLs: for each distribution point of the certificate (or the issuer's full CRL when it
 * names none), the complete CRLs in scope (issuer or cRLIssuer with an indirect CRL, issuingDistributionPoint name
 * and onlyContains… flags), current, without unknown critical extensions, signed by a key allowed to sign CRLs (the
 * issuer, or a separate certificate of the same name with cRLSign that validates to a trust anchor), with their delta
 * CRLs; reasons are accumulated across CRLs, and the status is unknown unless every reason is covered.
 */
export async function crlStatus(certificate: ParsedCertificate, issuer: ParsedCertificate, context: CrlValidationContext): Promise<CrlStatus> {
  const problems: string[] = [];
  const used: Uint8Array[] = [];
  const points: DistributionPointInfo[] = certificateDistributionPoints(certificate.certificate) ?? [{}];
  const isCa = certificate.info.basicConstraints?.ca === true;
  let reasons = 0;
  let last: pkijs.CertificateRevocationList | undefined;
  const complete = context.crls.filter((item) => !isDelta(item.crl));
  const deltas = context.crls.filter((item) => isDelta(item.crl));
  for (const point of points) {
    for (const candidate of complete) {
      if (reasons === ALL_REASONS) break;
      const { crl } = candidate;
      const idp = issuingDistributionPoint(crl);
      const scope = scopeProblem(issuer, point, crl, idp, isCa);
      if (scope) {
        problems.push(scope);
        continue;
      }
      const interim = (idp?.onlySomeReasons ?? ALL_REASONS) & (point.reasons ?? ALL_REASONS);
      if ((interim & ~reasons) === 0) continue;
      const unusable = crlProblem(crl, context);
      if (unusable) {
        problems.push(unusable);
        continue;
      }
      const signer = await crlSigner(crl, issuer, context);
      if (typeof signer === 'string') {
        problems.push(signer);
        continue;
      }
      const delta = await applicableDelta(crl, idp, signer, deltas, context, problems);
      const entry = delta ? findEntry(delta.crl, certificate, issuer, delta.crl) : undefined;
      const baseEntry = findEntry(crl, certificate, issuer, crl);
      const entryProblem = (entry && 'problem' in entry ? entry.problem : undefined) ?? (baseEntry && 'problem' in baseEntry ? baseEntry.problem : undefined);
      if (entryProblem) {
        problems.push(entryProblem);
        continue;
      }
      used.push(candidate.der, ...(delta ? [delta.der] : []));
      last = delta?.crl ?? crl;
      const found = (entry && !('problem' in entry) ? entry : undefined) ?? (baseEntry && !('problem' in baseEntry) && !(delta && entry) ? baseEntry : undefined);
      if (found && found.reason !== 'removeFromCRL') {
        if (found.revokedAt.getTime() <= context.at.getTime()) return { status: 'revoked', revokedAt: found.revokedAt, reason: found.reason, ...times(last), problems, used };
        // Revoked after the time asked about: it was still good then.
        return { status: 'good', revokedAt: found.revokedAt, reason: found.reason, ...times(last), problems, used };
      }
      reasons |= interim;
    }
  }
  if (reasons !== ALL_REASONS) {
    if (used.length > 0) problems.push('the CRLs in scope do not cover every revocation reason');
    else if (problems.length === 0) problems.push('no CRL from the issuer covers this certificate');
    return { status: 'unknown', revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems, used };
  }
  return { status: 'good', revokedAt: null, reason: null, ...times(last), problems, used };
}

const pools = new WeakMap<CrlValidationContext, CertificatePool>();

function poolOf(context: CrlValidationContext): CertificatePool {
  let pool = pools.get(context);
  if (!pool) pools.set(context, (pool = new CertificatePool([...context.certificates, ...context.trustAnchors])));
  return pool;
}

function times(crl: pkijs.CertificateRevocationList | undefined): { thisUpdate: Date | null; nextUpdate: Date | null } {
  return { thisUpdate: crl?.thisUpdate.value ?? null, nextUpdate: crl?.nextUpdate?.value ?? null };
}

function isDelta(crl: pkijs.CertificateRevocationList): boolean {
  return crl.crlExtensions?.extensions.some((item) => item.extnID === OID_DELTA_CRL_INDICATOR) ?? false;
}

/** §6.3.3 (b): whether the CRL's issuer and issuingDistributionPoint put this certificate in its scope. */
function scopeProblem(
  issuer: ParsedCertificate,
  point: DistributionPointInfo,
  crl: pkijs.CertificateRevocationList,
  idp: IssuingDistributionPointInfo | undefined,
  isCa: boolean,
): string | undefined {
  if (point.crlIssuers) {
    if (!point.crlIssuers.some((name) => sameName(name, crl.issuer))) return 'a CRL from another issuer than the distribution point names';
    if (!idp?.indirectCRL) return 'the distribution point names a CRL issuer but its CRL is not indirect';
  } else if (!namesEqual(crl.issuer, issuer.certificate.subject)) {
    return 'a CRL from another issuer than the certificate’s';
  }
  if (idp) {
    if (idp.names && idp.names.length > 0) {
      const wanted = point.names ?? point.crlIssuers?.map(nameKey);
      if (!wanted || !idp.names.some((name) => wanted.includes(name))) return 'a CRL for another distribution point (issuingDistributionPoint)';
    }
    if (idp.onlyContainsUserCerts && isCa) return 'a CRL only for end-entity certificates, the certificate is a CA';
    if (idp.onlyContainsCACerts && !isCa) return 'a CRL only for CA certificates, the certificate is an end entity';
    if (idp.onlyContainsAttributeCerts) return 'a CRL only for attribute certificates';
  }
  return undefined;
}

function sameName(der: Uint8Array, name: pkijs.RelativeDistinguishedNames): boolean {
  if (Buffer.from(der).equals(Buffer.from(nameDer(name)))) return true;
  try {
    return namesEqual(nameFromDer(der), name);
  } catch {
    return false;
  }
}

/** Freshness (§6.3.3 (a)) and unknown critical CRL extensions. */
function crlProblem(crl: pkijs.CertificateRevocationList, context: CrlValidationContext): string | undefined {
  for (const extension of crl.crlExtensions?.extensions ?? []) {
    if (extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.extnID)) return `the CRL has an unrecognised critical extension ${extension.extnID}: its status cannot be established`;
  }
  const thisUpdate = crl.thisUpdate.value.getTime();
  const nextUpdate = crl.nextUpdate?.value.getTime();
  if (thisUpdate > context.now.getTime() + CLOCK_SKEW_MS) return 'the CRL’s thisUpdate is in the future';
  if (context.freshness === 'current') {
    if (nextUpdate !== undefined && nextUpdate < context.now.getTime() - CLOCK_SKEW_MS) return `the CRL expired (nextUpdate ${crl.nextUpdate!.value.toISOString()})`;
  } else {
    const at = context.at.getTime();
    if (thisUpdate < at && nextUpdate !== undefined && nextUpdate < at) return `the CRL was not in force at ${context.at.toISOString()}`;
  }
  return undefined;
}

/**
 * §6.3.3 (f)(g): the key that signed the CRL. The certificate's issuer when its name matches and its keyUsage (if any)
 * has cRLSign; otherwise another certificate of the CRL issuer's name with cRLSign (a separate CRL key, an indirect
 * CRL issuer) that validates to a trust anchor at the validation time.
 */
async function crlSigner(crl: pkijs.CertificateRevocationList, issuer: ParsedCertificate, context: CrlValidationContext): Promise<ParsedCertificate | string> {
  const signedBytes = new Uint8Array(crl.tbsView);
  const signature = new Uint8Array(crl.signatureValue.valueBlock.valueHexView);
  const candidates: ParsedCertificate[] = [issuer];
  for (const parsed of poolOf(context).withSubject(crl.issuer)) {
    if (parsed.info.fingerprintSha256 !== issuer.info.fingerprintSha256) candidates.push(parsed);
  }
  let why = 'the CRL’s signature does not verify with the issuer’s key';
  for (const candidate of candidates) {
    if (!namesEqual(candidate.certificate.subject, crl.issuer)) continue;
    if (!verifyObjectSignature(signedBytes, signature, crl.signature, spkiOf(candidate.certificate))) continue;
    const usage = candidate.info.keyUsage;
    if (usage && !usage.includes('cRLSign')) {
      why = `the CRL is signed by ${candidate.info.subject}, whose keyUsage lacks cRLSign`;
      continue;
    }
    if (candidate === issuer) return candidate;
    const path = await validatePath(candidate, { trustAnchors: context.trustAnchors, intermediates: context.certificates, at: context.at, revocation: 'skip' });
    if (path.chainValid) return candidate;
    why = `the CRL signer ${candidate.info.subject} does not validate: ${path.errors[0]?.message ?? 'no path'}`;
  }
  return why;
}

/** §6.3.3 (c): a delta CRL for this complete CRL (same issuer and scope, BaseCRLNumber not after its number), checked alike. */
async function applicableDelta(
  base: pkijs.CertificateRevocationList,
  idp: IssuingDistributionPointInfo | undefined,
  signer: ParsedCertificate,
  deltas: readonly CrlInput[],
  context: CrlValidationContext,
  problems: string[],
): Promise<CrlInput | undefined> {
  const baseNumber = crlNumberExtension(base, OID_CRL_NUMBER);
  let best: { input: CrlInput; number: CrlNumber } | undefined;
  for (const delta of deltas) {
    if (!namesEqual(delta.crl.issuer, base.issuer)) continue;
    const deltaBase = crlNumberExtension(delta.crl, OID_DELTA_CRL_INDICATOR);
    if (baseNumber === undefined || deltaBase === undefined || compareCrlNumbers(deltaBase, baseNumber) > 0) continue;
    const deltaIdp = issuingDistributionPoint(delta.crl);
    if (JSON.stringify(deltaIdp ?? null) !== JSON.stringify(idp ?? null)) continue;
    const unusable = crlProblem(delta.crl, context);
    if (unusable) {
      problems.push(`delta CRL: ${unusable}`);
      continue;
    }
    if (!verifyObjectSignature(new Uint8Array(delta.crl.tbsView), new Uint8Array(delta.crl.signatureValue.valueBlock.valueHexView), delta.crl.signature, spkiOf(signer.certificate))) {
      problems.push('delta CRL: bad signature');
      continue;
    }
    const number = crlNumberExtension(delta.crl, OID_CRL_NUMBER) ?? '00';
    if (!best || compareCrlNumbers(number, best.number) > 0) best = { input: delta, number };
  }
  return best?.input;
}

/**
 * The certificate's entry in a CRL. In an indirect CRL an entry belongs to the issuer named by the latest
 * certificateIssuer entry extension (the CRL issuer until one appears). An unknown critical entry extension makes the
 * CRL unusable for the certificate.
 */
function findEntry(
  crl: pkijs.CertificateRevocationList,
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
  source: pkijs.CertificateRevocationList,
): { revokedAt: Date; reason: RevocationReason | null } | { problem: string } | undefined {
  const serial = stripZeros(certificate.certificate.serialNumber.valueBlock.valueHexView);
  const certificateIssuer = issuer.certificate.subject;
  let entryIssuerIsCertIssuer = namesEqual(source.issuer, certificateIssuer);
  for (const entry of crl.revokedCertificates ?? []) {
    const extensions = entry.crlEntryExtensions?.extensions ?? [];
    const issuerExtension = extensions.find((item) => item.extnID === OID_CERTIFICATE_ISSUER);
    if (issuerExtension) entryIssuerIsCertIssuer = certificateIssuerMatches(issuerExtension, certificateIssuer);
    if (!entryIssuerIsCertIssuer || !stripZeros(entry.userCertificate.valueBlock.valueHexView).equals(serial)) continue;
    const unknown = extensions.find((item) => item.critical && !KNOWN_ENTRY_EXTENSIONS.has(item.extnID));
    if (unknown) return { problem: `the certificate’s CRL entry has an unrecognised critical extension ${unknown.extnID}: its status cannot be established` };
    let reason: RevocationReason | null = null;
    const reasonExtension = extensions.find((item) => item.extnID === OID_REASON_CODE);
    if (reasonExtension) {
      const value = asn1js.fromBER(reasonExtension.extnValue.valueBlock.valueHexView).result;
      if (value instanceof asn1js.Enumerated) reason = reasonName(value.valueBlock.valueDec);
    }
    return { revokedAt: entry.revocationDate.value, reason };
  }
  return undefined;
}

function certificateIssuerMatches(extension: pkijs.Extension, name: pkijs.RelativeDistinguishedNames): boolean {
  const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
  if (!(parsed instanceof asn1js.Sequence)) return false;
  return parsed.valueBlock.value.some((item) => {
    if (item.idBlock.tagClass !== 3 || item.idBlock.tagNumber !== 4) return false;
    const inner = (item as asn1js.Constructed).valueBlock.value[0];
    return inner !== undefined && sameName(new Uint8Array(inner.valueBeforeDecodeView), name);
  });
}

function stripZeros(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start));
}
