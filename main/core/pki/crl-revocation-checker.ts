import { SigndeskError } from '../../../preload/contract/errors';
import { decodeCertificate } from './certificate';
import { nameDer } from './dn';
import { checkCrlAuthenticity, decodeCrl, statusFromCrls } from './revocation/crl-check';
import type { CheckRevocationOptions, RevocationChecker, RevocationResult } from './revocation/revocation-types';

export interface CrlRevocationCheckerOptions {
  /** Asked when no given CRL covers a certificate (e.g. the OCSP/CRL-fetching RevocationService). */
  fallback?: RevocationChecker;
  /** The clock for CRL freshness (tests move it). */
  now?: () => Date;
}

/**
 * A RevocationChecker over CRLs given by the user (`--crl`, PEM or DER): a CRL counts for a certificate when
 * it is issued under the issuer's name, signed by the issuer's key and current (thisUpdate/nextUpdate).
 * A revocation dated after the validation time reads as good.
 */
export function crlRevocationChecker(crlFiles: readonly Uint8Array[], options: CrlRevocationCheckerOptions = {}): RevocationChecker {
  const crls = crlFiles.map((bytes) => {
    try {
      return decodeCrl(bytes);
    } catch (error) {
      throw new SigndeskError('ERR_INPUT_INVALID', (error as Error).message);
    }
  });
  const now = options.now ?? (() => new Date());
  return async (certificateDer: Uint8Array, issuerDer: Uint8Array, checkOptions: CheckRevocationOptions = {}): Promise<RevocationResult> => {
    const certificate = decodeCertificate(certificateDer);
    const issuer = decodeCertificate(issuerDer);
    const problems: string[] = [];
    const issuerName = Buffer.from(nameDer(issuer.subject));
    for (const crl of crls) {
      if (!issuerName.equals(Buffer.from(nameDer(crl.issuer)))) continue;
      try {
        checkCrlAuthenticity(crl, issuer, now());
        return answer(statusFromCrls(certificate, crl), checkOptions.at ?? now(), problems);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (options.fallback) {
      const fallback = await options.fallback(certificateDer, issuerDer, checkOptions);
      return { ...fallback, problems: [...problems, ...fallback.problems] };
    }
    if (problems.length === 0) problems.push('no CRL from the issuer was given');
    return { status: 'unknown', source: null, fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems };
  };
}

function answer(crl: ReturnType<typeof statusFromCrls>, at: Date, problems: string[]): RevocationResult {
  const revokedLater = crl.status === 'revoked' && crl.revokedAt !== null && crl.revokedAt.getTime() > at.getTime();
  return {
    status: revokedLater ? 'good' : crl.status,
    source: 'crl',
    fromCache: false,
    revokedAt: crl.revokedAt,
    reason: crl.reason,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    problems,
  };
}

