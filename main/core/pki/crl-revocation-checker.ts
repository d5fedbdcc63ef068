import { SigndeskError } from '../../../preload/contract/errors';
import { parseCertificate } from './certificate';
import { pemBlocks } from './certificate-input';
import { decodeCrl } from './revocation/crl-check';
import { crlStatus, type CrlInput } from './revocation/crl-validation';
import type { CheckRevocationOptions, RevocationChecker, RevocationResult } from './revocation/revocation-types';

export interface CrlRevocationCheckerOptions {
  /** Asked when no given CRL covers a certificate (e.g. the OCSP/CRL-fetching RevocationService). */
  fallback?: RevocationChecker;
  /** The clock for CRL freshness (tests move it). */
  now?: () => Date;
}

/**
 * A RevocationChecker over CRLs given by the user (`--crl`, PEM or DER), with RFC 5280 §6.3 processing (scope,
 * reasons, indirect and delta CRLs, separate CRL keys): each CRL must be current. A revocation dated after the
 * validation time reads as good.
 */
export function crlRevocationChecker(crlFiles: readonly Uint8Array[], options: CrlRevocationCheckerOptions = {}): RevocationChecker {
  const crls: CrlInput[] = crlFiles.flatMap((bytes) => {
    try {
      const blocks = pemBlocks(bytes, ['X509 CRL']);
      if (blocks.length === 0) throw new Error('no CRL in the data');
      return blocks.map((der) => ({ der, crl: decodeCrl(der) }));
    } catch (error) {
      throw new SigndeskError('ERR_INPUT_INVALID', (error as Error).message);
    }
  });
  const now = options.now ?? (() => new Date());
  return async (certificateDer: Uint8Array, issuerDer: Uint8Array, checkOptions: CheckRevocationOptions = {}): Promise<RevocationResult> => {
    const problems: string[] = [];
    if (crls.length > 0) {
      const answer = await crlStatus(parseCertificate(certificateDer), parseCertificate(issuerDer), {
        crls,
        certificates: checkOptions.certificates ?? [],
        trustAnchors: checkOptions.trustAnchors ?? [],
        at: checkOptions.at ?? now(),
        freshness: 'current',
        now: now(),
      });
      if (answer.status !== 'unknown') {
        const { used, ...rest } = answer;
        return { ...rest, source: 'crl', fromCache: false, evidence: used.map((der) => ({ kind: 'crl' as const, der })) };
      }
      problems.push(...answer.problems);
    }
    if (options.fallback) {
      const fallback = await options.fallback(certificateDer, issuerDer, checkOptions);
      return { ...fallback, problems: [...problems, ...fallback.problems] };
    }
    if (problems.length === 0) problems.push('no CRL from the issuer was given');
    return { status: 'unknown', source: null, fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems };
  };
}
