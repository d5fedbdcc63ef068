import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type * as pkijs from 'pkijs';
import { isSigndeskError, SigndeskError } from '../../../../preload/contract/errors';
import { writeFileAtomic } from '../../fs/atomic-write';
import { httpRequest } from '../../net/http-request';
import { caIssuersUrls } from './certificate-extensions';
import { decodeCertificates, spkiOf } from '../certificate';
import { namesEqual } from '../dn';
import { certificateSignedBy } from '../object-signature';

export interface FindIssuerOptions {
  /** Certificates to look in first (the trust store, `--issuer`, a chain). */
  candidates?: readonly pkijs.Certificate[];
  /** Whether the AIA caIssuers URL may be fetched. */
  allowNetwork?: boolean;
  timeoutMs?: number;
  /** Where downloaded issuer certificates are kept (by URL) for use offline. */
  cacheDir?: string;
}

/** Whether `issuer` issued `cert`: subject/issuer names match and its key verifies the signature. */
export function isIssuerOf(issuer: pkijs.Certificate, cert: pkijs.Certificate): boolean {
  return namesEqual(issuer.subject, cert.issuer) && certificateSignedBy(cert, spkiOf(issuer));
}

function cacheFile(cacheDir: string, url: string): string {
  return path.join(cacheDir, `issuer-${crypto.createHash('sha256').update(url).digest('hex')}.bin`);
}

/**
 * The certificate that issued `cert`: among the candidates, else from the certificate's AIA caIssuers URLs
 * (a DER/PEM certificate or a certs-only PKCS#7), downloaded or, when that fails, as downloaded before.
 * Throws ERR_NETWORK when the only way to it was the network and that failed, ERR_CERT_CHAIN_INVALID otherwise.
 */
export async function findIssuer(cert: pkijs.Certificate, options: FindIssuerOptions = {}): Promise<pkijs.Certificate> {
  const local = options.candidates?.find((candidate) => isIssuerOf(candidate, cert));
  if (local) return local;
  const problems: string[] = [];
  let networkFailed = false;
  for (const url of caIssuersUrls(cert)) {
    if (options.allowNetwork !== false) {
      try {
        const response = await httpRequest(url, { timeoutMs: options.timeoutMs ?? 10_000, maxBytes: 1024 * 1024 });
        const found = decodeCertificates(response.body).find((candidate) => isIssuerOf(candidate, cert));
        if (found) {
          if (options.cacheDir) {
            await fs.mkdir(options.cacheDir, { recursive: true, mode: 0o700 });
            await writeFileAtomic(cacheFile(options.cacheDir, url), response.body);
          }
          return found;
        }
        problems.push(`${url}: no issuing certificate there`);
      } catch (error) {
        if (isSigndeskError(error, 'ERR_NETWORK')) networkFailed = true;
        problems.push(`${url}: ${(error as Error).message}`);
      }
    }
    if (options.cacheDir) {
      const cached = await fs.readFile(cacheFile(options.cacheDir, url)).catch(() => undefined);
      const found = cached ? decodeCertificates(new Uint8Array(cached)).find((candidate) => isIssuerOf(candidate, cert)) : undefined;
      if (found) return found;
    }
  }
  const message = `The issuer certificate was not found${problems.length ? ` (${problems.join('; ')})` : ': give it with --issuer'}`;
  throw new SigndeskError(networkFailed ? 'ERR_NETWORK' : 'ERR_CERT_CHAIN_INVALID', message, { problems });
}
