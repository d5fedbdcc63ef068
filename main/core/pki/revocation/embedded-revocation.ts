import type * as pkijs from 'pkijs';
import { parseCertificate } from '../certificate';
import { CertificatePool } from '../certificate-pool';
import { decodeCrl } from './crl-check';
import { crlStatus, type CrlInput } from './crl-validation';
import { archivedOcspStatus } from './ocsp-response';
import type { CheckRevocationOptions, RevocationChecker, RevocationResult } from './revocation-types';

/** Validation data a signature carries: SignedData certificates and CRLs, RFC 5940 OCSP, CAdES certificate- and revocation-values. */
export interface EmbeddedValidationData {
  certificates: readonly Uint8Array[];
  crls: readonly Uint8Array[];
  /** OCSPResponse or BasicOCSPResponse DER. */
  ocspResponses: readonly Uint8Array[];
}

export interface EmbeddedRevocationOptions {
  /** Asked when the signature's own data says nothing about a certificate (online OCSP/CRL, `--crl`). */
  fallback?: RevocationChecker;
  now?: () => Date;
}

/**
 * A RevocationChecker over the signature's own validation data, offline: an OCSP response for the certificate, else
 * the CRLs (RFC 5280 §6.3), each accepted when it was in force at the validation time or issued after it (so a
 * CAdES-LT file verifies years later). Answers say `fromSignature`.
 */
export function embeddedRevocationChecker(data: EmbeddedValidationData, options: EmbeddedRevocationOptions = {}): RevocationChecker {
  const now = options.now ?? (() => new Date());
  const crls: CrlInput[] = [];
  const problems: string[] = [];
  for (const der of data.crls) {
    try {
      crls.push({ der, crl: decodeCrl(der) });
    } catch (error) {
      problems.push(`a CRL in the signature is unreadable: ${(error as Error).message}`);
    }
  }
  const pool = new CertificatePool(data.certificates);
  let decoded: pkijs.Certificate[] | undefined;
  // Delegated OCSP responders usually travel inside their responses; the signature's other certificates are looked at only when not.
  const extraCertificates = (): pkijs.Certificate[] => (decoded ??= pool.all().map((item) => item.certificate));
  return async (certificateDer: Uint8Array, issuerDer: Uint8Array, checkOptions: CheckRevocationOptions = {}): Promise<RevocationResult> => {
    const at = checkOptions.at ?? now();
    const certificate = parseCertificate(certificateDer);
    const issuer = parseCertificate(issuerDer);
    const tried = [...problems];
    for (const response of data.ocspResponses) {
      try {
        const answer = archivedOcspStatus(response, certificate.certificate, issuer.certificate, at, now(), extraCertificates);
        if (!answer || answer.status === 'unknown') continue;
        const revokedLater = answer.status === 'revoked' && answer.revokedAt !== null && answer.revokedAt.getTime() > at.getTime();
        return {
          status: revokedLater ? 'good' : answer.status,
          source: 'ocsp',
          fromCache: false,
          fromSignature: true,
          revokedAt: answer.revokedAt,
          reason: answer.reason,
          thisUpdate: answer.thisUpdate,
          nextUpdate: answer.nextUpdate,
          problems: tried,
          evidence: [{ kind: 'ocsp', der: response }],
        };
      } catch (error) {
        tried.push((error as Error).message);
      }
    }
    if (crls.length > 0) {
      const answer = await crlStatus(certificate, issuer, {
        crls,
        certificates: [...data.certificates, ...(checkOptions.certificates ?? [])],
        trustAnchors: checkOptions.trustAnchors ?? [],
        at,
        freshness: 'archival',
        now: now(),
      });
      if (answer.status !== 'unknown') {
        const { used, ...rest } = answer;
        return { ...rest, problems: [...tried, ...rest.problems], source: 'crl', fromCache: false, fromSignature: true, evidence: used.map((der) => ({ kind: 'crl' as const, der })) };
      }
      tried.push(...answer.problems);
    }
    if (options.fallback) {
      const result = await options.fallback(certificateDer, issuerDer, checkOptions);
      return { ...result, problems: [...tried, ...result.problems] };
    }
    if (tried.length === 0) tried.push('the signature carries no revocation data for this certificate');
    return { status: 'unknown', source: null, fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems: tried };
  };
}
