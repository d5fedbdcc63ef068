import crypto from 'node:crypto';
import { decodeCertificate, spkiOf } from '../certificate';
import type { CheckRevocationOptions, RevocationChecker } from './revocation-types';

/**
 * Where a CA publishes revocation, as a CA profile configures it: its OCSP responder and CRL addresses override what
 * the certificates themselves name. Plain data (it crosses into bulk-verification worker threads).
 */
export interface RevocationSourceRule {
  /** The CA profile's name, for the report's details. */
  name: string;
  /** Certificates this rule is for by identity (the cabinet's keys that use the profile). */
  certificates: Uint8Array[];
  /** The CA's certificates (the profile's trusted certificates): a certificate they issued follows the rule. */
  issuers: Uint8Array[];
  ocspUrl: string | null;
  crlUrls: string[];
}

const sha256 = (der: Uint8Array): string => crypto.createHash('sha256').update(der).digest('hex');

function spkiHash(der: Uint8Array): string | null {
  try {
    return sha256(spkiOf(decodeCertificate(der)));
  } catch {
    return null;
  }
}

/**
 * The rule for `certificate` issued by `issuer`: a rule naming the certificate itself first (the cabinet's choice of
 * profile), else one whose CA certificates include the issuer (same certificate, or same key: a re-issued CA certificate).
 */
export function revocationSourceFor(certificate: Uint8Array, issuer: Uint8Array, rules: readonly RevocationSourceRule[]): RevocationSourceRule | undefined {
  const withSources = rules.filter((rule) => rule.ocspUrl !== null || rule.crlUrls.length > 0);
  if (withSources.length === 0) return undefined;
  const own = sha256(certificate);
  const byIdentity = withSources.find((rule) => rule.certificates.some((der) => sha256(der) === own));
  if (byIdentity) return byIdentity;
  const issuerHash = sha256(issuer);
  const exact = withSources.find((rule) => rule.issuers.some((der) => sha256(der) === issuerHash));
  if (exact) return exact;
  const issuerKey = spkiHash(issuer);
  return issuerKey === null ? undefined : withSources.find((rule) => rule.issuers.some((der) => spkiHash(der) === issuerKey));
}

/** The options a rule adds to a revocation check (the caller's own explicit overrides win). */
export function revocationOverrides(rule: RevocationSourceRule | undefined): Pick<CheckRevocationOptions, 'ocspUrl' | 'crlUrls'> {
  if (!rule) return {};
  return { ...(rule.ocspUrl ? { ocspUrl: rule.ocspUrl } : {}), ...(rule.crlUrls.length > 0 ? { crlUrls: rule.crlUrls } : {}) };
}

/** `checker` asking the sources the CA profiles configure for each certificate, as the cabinet's status check does. */
export function withRevocationSources(checker: RevocationChecker, rules: readonly RevocationSourceRule[]): RevocationChecker {
  if (rules.length === 0) return checker;
  return (certificate, issuer, options = {}) => {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as CheckRevocationOptions;
    return checker(certificate, issuer, { ...revocationOverrides(revocationSourceFor(certificate, issuer, rules)), ...given });
  };
}
