import type * as pkijs from 'pkijs';
import { SigndeskError } from '../../../../preload/contract/errors';
import { httpRequest } from '../../net/http-request';
import { caIssuersUrls } from './certificate-extensions';
import { namesEqual, parseCertificates, spkiDer } from './certificate-input';
import { certificateSignedBy } from './verify-signature';

export interface FindIssuerOptions {
  /** Certificates to look in first (the trust store, `--issuer`, a chain). */
  candidates?: readonly pkijs.Certificate[];
  /** Whether the AIA caIssuers URL may be fetched. */
  allowNetwork?: boolean;
  timeoutMs?: number;
}

/** Whether `issuer` issued `cert`: subject/issuer names match and its key verifies the signature. */
export function isIssuerOf(issuer: pkijs.Certificate, cert: pkijs.Certificate): boolean {
  return namesEqual(issuer.subject, cert.issuer) && certificateSignedBy(cert, spkiDer(issuer));
}

/**
 * The certificate that issued `cert`: among the candidates, else downloaded from the certificate's AIA
 * caIssuers URLs (a DER/PEM certificate or a certs-only PKCS#7). Throws ERR_CERT_CHAIN_INVALID when none is found.
 */
export async function findIssuer(cert: pkijs.Certificate, options: FindIssuerOptions = {}): Promise<pkijs.Certificate> {
  const local = options.candidates?.find((candidate) => isIssuerOf(candidate, cert));
  if (local) return local;
  const problems: string[] = [];
  if (options.allowNetwork !== false) {
    for (const url of caIssuersUrls(cert)) {
      try {
        const response = await httpRequest(url, { timeoutMs: options.timeoutMs ?? 10_000, maxBytes: 1024 * 1024 });
        const found = parseCertificates(response.body).find((candidate) => isIssuerOf(candidate, cert));
        if (found) return found;
        problems.push(`${url}: no issuing certificate there`);
      } catch (error) {
        problems.push(`${url}: ${(error as Error).message}`);
      }
    }
  }
  throw new SigndeskError('ERR_CERT_CHAIN_INVALID', `The issuer certificate was not found${problems.length ? ` (${problems.join('; ')})` : ': give it with --issuer'}`, { problems });
}
