import crypto from 'node:crypto';
import type * as pkijs from 'pkijs';
import { isSigndeskError } from '../../../../preload/contract/errors';
import { httpRequest, type HttpRequestOptions, type HttpResponse } from '../../net/http-request';
import { crlUrls as certificateCrlUrls, freshestCrlUrls, ocspUrls as certificateOcspUrls } from './certificate-extensions';
import { decodeCertificates, serialHex, spkiOf } from '../certificate';
import { checkCrlAuthenticity, decodeCrl, statusFromCrls } from './crl-check';
import { findIssuer } from './find-issuer';
import { buildCertId, buildOcspRequest, type CertIdHash } from './ocsp-request';
import { checkOcspResponse, type OcspAnswer } from './ocsp-response';
import { RevocationCache } from './revocation-cache';
import type { CheckRevocationOptions, RevocationResult, RevocationSource } from './revocation-types';

export type HttpFetch = (url: string, options: HttpRequestOptions) => Promise<HttpResponse>;

export interface RevocationServiceOptions {
  /** `<dataDir>/cache/revocation`. */
  cacheDir: string;
  timeoutMs?: number;
  fetch?: HttpFetch;
  /** The clock (tests move it). */
  now?: () => Date;
}

interface Answer {
  /** The response or CRLs the answer rests on. */
  evidence?: RevocationResult['evidence'];
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  reason: RevocationResult['reason'];
  thisUpdate: Date | null;
  nextUpdate: Date | null;
}

/**
 * Revocation status of a certificate by OCSP (AIA or an override) and then by CRLs (distribution points,
 * delta CRLs via freshestCRL, or overrides). Every answer is kept on disk until its nextUpdate (24 h when it
 * has none) and serves as the fallback when the network cannot be used; results say `fromCache`.
 */
export class RevocationService {
  private readonly cache: RevocationCache;
  private readonly fetch: HttpFetch;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  private readonly cacheDir: string;

  constructor(options: RevocationServiceOptions) {
    this.cacheDir = options.cacheDir;
    this.cache = new RevocationCache(options.cacheDir);
    this.fetch = options.fetch ?? httpRequest;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  /** The issuer of `cert` among `candidates`, else via AIA caIssuers (downloads kept beside the revocation cache). */
  findIssuer(cert: pkijs.Certificate, candidates: readonly pkijs.Certificate[] = [], allowNetwork = true): Promise<pkijs.Certificate> {
    return findIssuer(cert, { candidates, allowNetwork, timeoutMs: this.timeoutMs, cacheDir: this.cacheDir });
  }

  /** The RevocationChecker that path validation and CAdES verification plug in. */
  readonly checkRevocation = async (certificate: Uint8Array, issuer: Uint8Array, options: CheckRevocationOptions = {}): Promise<RevocationResult> => {
    return this.check(decodeCertificates(certificate)[0]!, decodeCertificates(issuer)[0]!, options);
  };

  async check(cert: pkijs.Certificate, issuer: pkijs.Certificate, options: CheckRevocationOptions = {}): Promise<RevocationResult> {
    const now = this.now();
    const at = options.at ?? now;
    const allowNetwork = options.allowNetwork ?? true;
    const ocspUrls = options.ocspUrl ? [options.ocspUrl] : certificateOcspUrls(cert);
    const crlUrls = options.crlUrls && options.crlUrls.length > 0 ? options.crlUrls : certificateCrlUrls(cert);
    const problems: string[] = [];
    const finish = (answer: Answer, source: RevocationSource, fromCache: boolean, url: string): RevocationResult =>
      finalResult(answer, source, fromCache, url, at, problems);

    const fromCache = async (): Promise<RevocationResult | undefined> => {
      for (const url of ocspUrls) {
        const cached = await this.cachedOcsp(cert, issuer, url, now, problems);
        if (cached) return finish(cached, 'ocsp', true, url);
      }
      for (const url of crlUrls) {
        const cached = await this.crlAnswer(cert, issuer, url, now, false, problems).catch(() => undefined);
        if (cached) return finish(cached.answer, 'crl', true, url);
      }
      return undefined;
    };

    if (options.preferCache || !allowNetwork) {
      const cached = await fromCache();
      if (cached || !allowNetwork) return cached ?? emptyResult('unreachable', [...problems, 'network use not allowed and nothing cached']);
    }

    let reached = false;
    let unknownFromOcsp: RevocationResult | undefined;
    for (const url of ocspUrls) {
      try {
        const answer = await this.queryOcsp(cert, issuer, url, now);
        reached = true;
        const result = finish(answer, 'ocsp', false, url);
        if (answer.status !== 'unknown') return result;
        unknownFromOcsp ??= result;
      } catch (error) {
        if (!isNetworkError(error)) reached = true;
        problems.push(messageOf(error));
      }
    }
    for (const url of crlUrls) {
      try {
        const { answer, fromCache: cached } = await this.crlAnswer(cert, issuer, url, now, true, problems);
        return finish(answer, 'crl', cached, url);
      } catch (error) {
        if (!isNetworkError(error)) reached = true;
        problems.push(messageOf(error));
      }
    }
    if (unknownFromOcsp) return { ...unknownFromOcsp, problems };
    const cached = await fromCache();
    if (cached) return cached;
    if (ocspUrls.length === 0 && crlUrls.length === 0) {
      problems.push('the certificate names no OCSP responder and no CRL distribution point');
      return { ...emptyResult('unreachable', problems), noSources: true };
    }
    return emptyResult(reached ? 'unknown' : 'unreachable', problems);
  }

  private async queryOcsp(cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string, now: Date): Promise<Answer> {
    let firstError: unknown;
    let unknownAnswer: OcspAnswer | undefined;
    // SHA-256 CertIDs first; responders that only index SHA-1 CertIDs get a second request.
    for (const hash of ['SHA-256', 'SHA-1'] as CertIdHash[]) {
      try {
        const certId = buildCertId(cert, issuer, hash);
        const nonce = new Uint8Array(crypto.randomBytes(32));
        const response = await this.fetch(url, {
          method: 'POST',
          body: buildOcspRequest(certId, nonce),
          contentType: 'application/ocsp-request',
          accept: 'application/ocsp-response',
          timeoutMs: this.timeoutMs,
          maxBytes: 1024 * 1024,
        });
        const answer = checkOcspResponse({ response: response.body, certId, issuer, nonce, now });
        await this.cache.put(RevocationCache.ocspKey(spkiOf(issuer), serialHex(cert.serialNumber)), {
          kind: 'ocsp',
          url,
          der: response.body,
          fetchedAt: now,
          nextUpdate: answer.nextUpdate,
          meta: { certIdHash: hash },
        });
        if (answer.status !== 'unknown') return { ...answer, evidence: [{ kind: 'ocsp', der: response.body }] };
        unknownAnswer ??= answer;
      } catch (error) {
        if (isNetworkError(error)) throw error;
        firstError ??= error;
      }
    }
    if (unknownAnswer) return unknownAnswer;
    throw firstError;
  }

  private async cachedOcsp(cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string, now: Date, problems: string[]): Promise<Answer | undefined> {
    const cached = await this.cache.get(RevocationCache.ocspKey(spkiOf(issuer), serialHex(cert.serialNumber)), now);
    if (!cached || cached.entry.kind !== 'ocsp' || cached.entry.url !== url) return undefined;
    try {
      const hash = cached.entry.meta?.certIdHash === 'SHA-1' ? 'SHA-1' : 'SHA-256';
      return { ...checkOcspResponse({ response: cached.der, certId: buildCertId(cert, issuer, hash), issuer, now }), evidence: [{ kind: 'ocsp', der: cached.der }] };
    } catch (error) {
      problems.push(`cached OCSP response unusable: ${messageOf(error)}`);
      return undefined;
    }
  }

  /** A checked CRL from the cache (when still current) or, if allowed, freshly fetched; plus its delta. */
  private async crlAnswer(cert: pkijs.Certificate, issuer: pkijs.Certificate, url: string, now: Date, allowNetwork: boolean, problems: string[]) {
    const base = await this.loadCrl(url, issuer, now, allowNetwork);
    let delta: { crl: pkijs.CertificateRevocationList; fromCache: boolean; der: Uint8Array } | undefined;
    for (const deltaUrl of [...freshestCrlUrls(base.crl), ...freshestCrlUrls(cert)]) {
      try {
        delta = await this.loadCrl(deltaUrl, issuer, now, allowNetwork);
        break;
      } catch (error) {
        problems.push(`delta CRL ${deltaUrl}: ${messageOf(error)}`);
      }
    }
    const evidence: NonNullable<Answer['evidence']> = [{ kind: 'crl', der: base.der }, ...(delta ? [{ kind: 'crl' as const, der: delta.der }] : [])];
    return { answer: { ...statusFromCrls(cert, base.crl, delta?.crl), evidence }, fromCache: base.fromCache && (delta?.fromCache ?? true) };
  }

  private async loadCrl(url: string, issuer: pkijs.Certificate, now: Date, allowNetwork: boolean) {
    const key = RevocationCache.crlKey(url);
    if (!allowNetwork) {
      const cached = await this.cache.get(key, now);
      if (!cached) throw new Error(`no cached CRL for ${url}`);
      const crl = decodeCrl(cached.der);
      checkCrlAuthenticity(crl, issuer, now);
      return { crl, fromCache: true, der: cached.der };
    }
    const response = await this.fetch(url, { method: 'GET', timeoutMs: this.timeoutMs, accept: 'application/pkix-crl' });
    const crl = decodeCrl(response.body);
    checkCrlAuthenticity(crl, issuer, now);
    await this.cache.put(key, { kind: 'crl', url, der: response.body, fetchedAt: now, nextUpdate: crl.nextUpdate?.value ?? null });
    return { crl, fromCache: false, der: response.body };
  }
}

function isNetworkError(error: unknown): boolean {
  return isSigndeskError(error, 'ERR_NETWORK');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function emptyResult(status: 'unknown' | 'unreachable', problems: string[]): RevocationResult {
  return { status, source: null, fromCache: false, revokedAt: null, reason: null, thisUpdate: null, nextUpdate: null, problems };
}

function finalResult(answer: Answer, source: RevocationSource, fromCache: boolean, url: string, at: Date, problems: string[]): RevocationResult {
  // Revoked after the time asked about: the certificate was still good then (revokedAt stays for the record).
  const status = answer.status === 'revoked' && answer.revokedAt && answer.revokedAt.getTime() > at.getTime() ? 'good' : answer.status;
  return {
    status,
    source,
    fromCache,
    revokedAt: answer.revokedAt,
    reason: answer.reason,
    thisUpdate: answer.thisUpdate,
    nextUpdate: answer.nextUpdate,
    url,
    problems,
    ...(answer.evidence ? { evidence: answer.evidence } : {}),
  };
}
