import crypto from 'node:crypto';
import * as pkijs from 'pkijs';
import type { ErrorCode } from '../../../preload/contract/errors';
import { parseCertificate, type ParsedCertificate } from './certificate';
import { nameDer } from './dn';
import { nameConstraintViolation, type NameConstraintSet } from './name-constraints';
import {
  OID_EXT_AUTHORITY_INFO_ACCESS,
  OID_EXT_AUTHORITY_KEY_IDENTIFIER,
  OID_EXT_BASIC_CONSTRAINTS,
  OID_EXT_CERTIFICATE_POLICIES,
  OID_EXT_CRL_DISTRIBUTION_POINTS,
  OID_EXT_EXTENDED_KEY_USAGE,
  OID_EXT_INHIBIT_ANY_POLICY,
  OID_EXT_KEY_USAGE,
  OID_EXT_NAME_CONSTRAINTS,
  OID_EXT_POLICY_CONSTRAINTS,
  OID_EXT_POLICY_MAPPINGS,
  OID_EXT_SUBJECT_ALT_NAME,
  OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES,
  OID_EXT_SUBJECT_KEY_IDENTIFIER,
} from './oids';
import { PolicyProcessor } from './policy-processing';
import type { CheckRevocationOptions, RevocationChecker, RevocationResult } from './revocation/revocation-types';
import { verifyObjectSignature } from './object-signature';
import { CertificatePool } from './certificate-pool';
import { certificateSpki } from '../crypto';

export type Indication = 'TOTAL-PASSED' | 'TOTAL-FAILED' | 'INDETERMINATE';
export type RevocationOutcome = 'good' | 'revoked' | 'unknown' | 'skipped';

export interface PathProblem {
  code: ErrorCode;
  message: string;
}

export interface PathValidationOptions {
  /** Trust anchors (DER). A certificate equal to one of them is trusted as it is. */
  trustAnchors: readonly Uint8Array[];
  /** Candidate intermediates (DER): from the signature, `--untrusted`, the cabinet. */
  intermediates?: readonly Uint8Array[];
  /** Validation time (signing time or `--at`); default now. */
  at?: Date;
  /** Where revocation status comes from; 'skip' for `--no-revocation`. Absent: status is unknown. */
  revocation?: RevocationChecker | 'skip';
  revocationOptions?: Omit<CheckRevocationOptions, 'at'>;
  /** Longest chain tried (certificates, anchor included). */
  maxDepth?: number;
}

export interface PathValidationResult {
  valid: boolean;
  indication: Indication;
  /** The certificates of the chosen path, end entity first, trust anchor last (empty anchor when none found). */
  chain: ParsedCertificate[];
  /** Whether the chain reached a trust anchor and passed every structural check (revocation aside). */
  chainValid: boolean;
  revocation: RevocationOutcome;
  revocationResults: RevocationResult[];
  errors: PathProblem[];
  /** The policies the path is valid for. */
  policies: string[];
}

/** Extensions this validator understands; any other critical extension fails the path (§6.1.4 (o)). */
const KNOWN_EXTENSIONS = new Set([
  OID_EXT_KEY_USAGE,
  OID_EXT_EXTENDED_KEY_USAGE,
  OID_EXT_BASIC_CONSTRAINTS,
  OID_EXT_NAME_CONSTRAINTS,
  OID_EXT_CERTIFICATE_POLICIES,
  OID_EXT_POLICY_MAPPINGS,
  OID_EXT_POLICY_CONSTRAINTS,
  OID_EXT_INHIBIT_ANY_POLICY,
  OID_EXT_SUBJECT_ALT_NAME,
  OID_EXT_SUBJECT_KEY_IDENTIFIER,
  OID_EXT_AUTHORITY_KEY_IDENTIFIER,
  OID_EXT_CRL_DISTRIBUTION_POINTS,
  OID_EXT_AUTHORITY_INFO_ACCESS,
  OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES,
  '1.3.6.1.5.5.7.1.3', // qcStatements (critical in some Ukrainian qualified certificates)
  '2.5.29.16', // privateKeyUsagePeriod
  '2.5.29.18', // issuerAltName
]);

const REVOCATION_CODES = new Set<ErrorCode>(['ERR_CERT_REVOKED', 'ERR_REVOCATION_UNKNOWN']);

/**
 * RFC 5280 §6 path validation: builds candidate paths from the end-entity certificate to a trust anchor
 * through the intermediates, validates each (signatures, validity at `at`, name chaining, basicConstraints
 * and pathLenConstraint, keyCertSign, name constraints, certificate policies, unknown critical extensions)
 * and then checks revocation of every certificate below the anchor. Returns the first valid path, else the
 * most nearly valid one with its reasons.
 */
export async function validatePath(endEntity: Uint8Array | ParsedCertificate, options: PathValidationOptions): Promise<PathValidationResult> {
  const leaf = endEntity instanceof Uint8Array ? parseCertificate(endEntity) : endEntity;
  const at = options.at ?? new Date();
  const anchors = parseAll(options.trustAnchors);
  const pool = new CertificatePool(options.intermediates ?? []);
  const paths = buildPaths(leaf, anchors, pool, options.maxDepth ?? 10);
  if (paths.length === 0) {
    return {
      valid: false,
      indication: 'INDETERMINATE',
      chain: partialChain(leaf, pool, options.maxDepth ?? 10),
      chainValid: false,
      revocation: options.revocation === 'skip' ? 'skipped' : 'unknown',
      revocationResults: [],
      errors: [{ code: 'ERR_CERT_UNTRUSTED', message: `No chain from ${displayName(leaf)} to a trusted certificate` }],
      policies: [],
    };
  }
  let best: PathValidationResult | undefined;
  for (const path of paths) {
    const structural = checkPath(path, at);
    if (structural.errors.length > 0) {
      const result = finish(path, structural.errors, structural.policies, 'unknown', []);
      if (!best || result.errors.length < best.errors.length) best = result;
      continue;
    }
    const revocation = await checkRevocation(path, at, options);
    const result = finish(path, revocation.errors, structural.policies, revocation.outcome, revocation.results);
    return result;
  }
  return best as PathValidationResult;
}

function finish(path: ParsedCertificate[], errors: PathProblem[], policies: string[], revocation: RevocationOutcome, results: RevocationResult[]): PathValidationResult {
  const chainValid = errors.every((error) => REVOCATION_CODES.has(error.code));
  let indication: Indication = 'TOTAL-PASSED';
  if (errors.some((error) => error.code === 'ERR_CERT_REVOKED')) indication = 'TOTAL-FAILED';
  else if (errors.length > 0) indication = 'INDETERMINATE';
  return { valid: errors.length === 0, indication, chain: path, chainValid, revocation, revocationResults: results, errors, policies };
}

function parseAll(ders: readonly Uint8Array[]): ParsedCertificate[] {
  const seen = new Set<string>();
  const parsed: ParsedCertificate[] = [];
  for (const der of ders) {
    const item = parseCertificate(der);
    if (seen.has(item.info.fingerprintSha256)) continue;
    seen.add(item.info.fingerprintSha256);
    parsed.push(item);
  }
  return parsed;
}

function sameName(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  return Buffer.from(nameDer(a)).equals(Buffer.from(nameDer(b))) || a.isEqual(b);
}

/** Could `issuer` have issued `subject`? Names chain and, when both are present, AKI matches SKI. */
function mayIssue(issuer: ParsedCertificate, subject: ParsedCertificate): boolean {
  if (!sameName(issuer.certificate.subject, subject.certificate.issuer)) return false;
  const aki = subject.info.authorityKeyIdentifier;
  const ski = issuer.info.subjectKeyIdentifier;
  return !aki || !ski || aki === ski;
}

/** Candidate paths end entity → anchor, anchors preferred, depth-limited, without loops. */
function buildPaths(leaf: ParsedCertificate, anchors: ParsedCertificate[], pool: CertificatePool, maxDepth: number): ParsedCertificate[][] {
  const paths: ParsedCertificate[][] = [];
  const isAnchor = (certificate: ParsedCertificate): boolean => anchors.some((anchor) => anchor.info.fingerprintSha256 === certificate.info.fingerprintSha256);
  const walk = (path: ParsedCertificate[]): void => {
    if (paths.length >= 16) return;
    const current = path[path.length - 1];
    if (isAnchor(current)) {
      paths.push(path);
      return;
    }
    if (path.length >= maxDepth) return;
    const used = new Set(path.map((item) => item.info.fingerprintSha256));
    for (const candidate of [...anchors, ...pool.withSubject(current.certificate.issuer)]) {
      if (used.has(candidate.info.fingerprintSha256) || !mayIssue(candidate, current)) continue;
      used.add(candidate.info.fingerprintSha256);
      walk([...path, candidate]);
    }
  };
  walk([leaf]);
  return paths;
}

function partialChain(leaf: ParsedCertificate, pool: CertificatePool, maxDepth: number): ParsedCertificate[] {
  const chain = [leaf];
  while (chain.length < maxDepth) {
    const current = chain[chain.length - 1];
    const next = pool.withSubject(current.certificate.issuer).find((candidate) => !chain.some((item) => item.info.fingerprintSha256 === candidate.info.fingerprintSha256) && mayIssue(candidate, current));
    if (!next) break;
    chain.push(next);
  }
  return chain;
}

function extensionValue(certificate: pkijs.Certificate, oid: string): unknown {
  return certificate.extensions?.find((item) => item.extnID === oid)?.parsedValue;
}

/** The certificate's owner (CN) for messages, else its full subject. */
function displayName(item: ParsedCertificate): string {
  return item.info.owner ? `'${item.info.owner}'` : item.info.subject;
}

function isSelfIssued(item: ParsedCertificate): boolean {
  return item.info.selfIssued;
}

/** §6.1.2–6.1.5 over a path (end entity first, anchor last), revocation left out. */
function checkPath(path: ParsedCertificate[], at: Date): { errors: PathProblem[]; policies: string[] } {
  const errors: PathProblem[] = [];
  const anchor = path[path.length - 1];
  const certificates = path.slice(0, -1).reverse(); // from the anchor side down to the end entity
  const n = certificates.length;
  let workingKey = spkiOfParsed(anchor);
  let workingIssuer = anchor.certificate.subject;
  let maxPathLength = n;
  const nameConstraints: NameConstraintSet[] = [];
  const policies = new PolicyProcessor(n);
  addNameConstraints(anchor.certificate, nameConstraints);
  certificates.forEach((item, offset) => {
    const index = offset + 1;
    const { certificate, info } = item;
    const who = displayName(item);
    const signed = certificateSignatureValid(item, workingKey);
    if (!signed) errors.push({ code: 'ERR_CERT_CHAIN_INVALID', message: `The signature on ${who} does not verify with its issuer's key` });
    if (at.getTime() < certificate.notBefore.value.getTime()) errors.push({ code: 'ERR_CERT_NOT_YET_VALID', message: `${who} is not valid before ${info.notBefore}` });
    if (at.getTime() > certificate.notAfter.value.getTime()) errors.push({ code: 'ERR_CERT_EXPIRED', message: `${who} expired on ${info.notAfter}` });
    if (!sameName(certificate.issuer, workingIssuer)) errors.push({ code: 'ERR_CERT_CHAIN_INVALID', message: `${who} is not issued by the previous certificate's subject` });
    if (!(isSelfIssued(item) && index < n)) {
      const violation = nameConstraintViolation(certificate, nameConstraints);
      if (violation) errors.push({ code: 'ERR_CERT_NAME_CONSTRAINTS', message: `${who}: ${violation}` });
    }
    const policyError = policies.process(certificate, index, isSelfIssued(item));
    if (policyError) errors.push({ code: 'ERR_CERT_POLICY', message: `${who}: ${policyError}` });
    for (const extension of certificate.extensions ?? []) {
      if (extension.critical && !KNOWN_EXTENSIONS.has(extension.extnID)) {
        errors.push({ code: 'ERR_CERT_CHAIN_INVALID', message: `${who} has an unrecognised critical extension ${extension.extnID}` });
      }
    }
    if (index === n) {
      const wrapError = policies.wrapUp(certificate);
      if (wrapError) errors.push({ code: 'ERR_CERT_POLICY', message: `${who}: ${wrapError}` });
      return;
    }
    // §6.1.4: preparation for the next certificate — this one must be a CA allowed to issue it.
    const policyPrepare = policies.prepareNext(certificate, isSelfIssued(item));
    if (policyPrepare) errors.push({ code: 'ERR_CERT_POLICY', message: `${who}: ${policyPrepare}` });
    addNameConstraints(certificate, nameConstraints);
    const constraints = extensionValue(certificate, OID_EXT_BASIC_CONSTRAINTS);
    if (certificate.version !== 2 || !(constraints instanceof pkijs.BasicConstraints) || constraints.cA !== true) {
      errors.push({ code: 'ERR_CERT_NOT_CA', message: `${who} is not a CA certificate (basicConstraints cA is not set)` });
    }
    if (!isSelfIssued(item)) {
      if (maxPathLength <= 0) errors.push({ code: 'ERR_CERT_PATH_LENGTH', message: `${who} exceeds the path length allowed by a CA above it` });
      maxPathLength--;
    }
    if (constraints instanceof pkijs.BasicConstraints && constraints.pathLenConstraint !== undefined) {
      const limit = typeof constraints.pathLenConstraint === 'number' ? constraints.pathLenConstraint : constraints.pathLenConstraint.valueBlock.valueDec;
      maxPathLength = Math.min(maxPathLength, limit);
    }
    if (info.keyUsage && !info.keyUsage.includes('keyCertSign')) {
      errors.push({ code: 'ERR_CERT_KEY_USAGE', message: `${who} may not sign certificates (keyUsage lacks keyCertSign)` });
    }
    workingKey = spkiOfParsed(item);
    workingIssuer = certificate.subject;
  });
  return { errors, policies: policies.validPolicies };
}

const spkis = new WeakMap<ParsedCertificate, Uint8Array>();

/** A certificate's SubjectPublicKeyInfo DER as received (parsed certificates are shared: read once). */
function spkiOfParsed(item: ParsedCertificate): Uint8Array {
  let spki = spkis.get(item);
  if (!spki) spkis.set(item, (spki = certificateSpki(item.der)));
  return spki;
}

/** Whether a certificate's signature verifies with a key; remembered (bulk verification meets the same chain again and again). */
const signatureResults = new Map<string, boolean>();
const SIGNATURE_RESULTS_SIZE = 1024;

function certificateSignatureValid(item: ParsedCertificate, key: Uint8Array): boolean {
  const cacheKey = `${item.info.fingerprintSha256}:${crypto.createHash('sha256').update(key).digest('base64')}`;
  const known = signatureResults.get(cacheKey);
  if (known !== undefined) return known;
  const { certificate } = item;
  const valid = verifyObjectSignature(new Uint8Array(certificate.tbsView), new Uint8Array(certificate.signatureValue.valueBlock.valueHexView), certificate.signatureAlgorithm, key);
  if (signatureResults.size >= SIGNATURE_RESULTS_SIZE) signatureResults.delete(signatureResults.keys().next().value as string);
  signatureResults.set(cacheKey, valid);
  return valid;
}

function addNameConstraints(certificate: pkijs.Certificate, sets: NameConstraintSet[]): void {
  const value = extensionValue(certificate, OID_EXT_NAME_CONSTRAINTS);
  if (value instanceof pkijs.NameConstraints) sets.push({ permitted: value.permittedSubtrees ?? [], excluded: value.excludedSubtrees ?? [] });
}

/** Revocation of every certificate below the anchor; the path's outcome is the worst one. */
async function checkRevocation(
  path: ParsedCertificate[],
  at: Date,
  options: PathValidationOptions,
): Promise<{ outcome: RevocationOutcome; errors: PathProblem[]; results: RevocationResult[] }> {
  if (options.revocation === 'skip') return { outcome: 'skipped', errors: [], results: [] };
  const errors: PathProblem[] = [];
  const results: RevocationResult[] = [];
  let outcome: RevocationOutcome = 'good';
  for (let i = 0; i < path.length - 1; i++) {
    const subject = path[i];
    let result: RevocationResult;
    if (!options.revocation) {
      result = { status: 'unknown', source: null, fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems: ['no revocation source'] };
    } else {
      try {
        result = await options.revocation(subject.der, path[i + 1].der, {
          ...options.revocationOptions,
          at,
          certificates: [...(options.intermediates ?? []), ...path.map((item) => item.der)],
          trustAnchors: options.trustAnchors,
        });
      } catch (error) {
        result = { status: 'unknown', source: null, fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems: [(error as Error).message] };
      }
    }
    results.push(result);
    if (result.status === 'revoked') {
      outcome = 'revoked';
      const when = result.revokedAt ? ` on ${result.revokedAt.toISOString()}` : '';
      errors.push({ code: 'ERR_CERT_REVOKED', message: `${displayName(subject)} was revoked${when}${result.reason ? ` (${result.reason})` : ''}` });
    } else if (result.status !== 'good') {
      if (outcome === 'good') outcome = 'unknown';
      const why = result.problems.length > 0 ? `: ${result.problems.join('; ')}` : '';
      errors.push({ code: 'ERR_REVOCATION_UNKNOWN', message: `The revocation status of ${displayName(subject)} could not be established${why}` });
    }
  }
  return { outcome, errors, results };
}
