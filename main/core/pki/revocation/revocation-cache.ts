import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write';

/** How long an answer without nextUpdate is reused. */
export const MAX_AGE_WITHOUT_NEXT_UPDATE_MS = 24 * 60 * 60_000;

export interface CachedRevocationData {
  kind: 'ocsp' | 'crl';
  url: string;
  fetchedAt: string;
  /** nextUpdate, or fetchedAt + 24 h when the source gave none. */
  expiresAt: string;
  /** Extra facts needed to re-check the data (the CertID hash of an OCSP response). */
  meta?: Record<string, string>;
  /** The response or CRL exactly as received (DER, base64), re-verified on every read. */
  der: string;
}

/**
 * On-disk cache of OCSP responses (keyed by issuer key + serial) and CRLs (keyed by URL) under
 * `<dataDir>/cache/revocation/`. Entries are whole signed objects, so a tampered file fails verification.
 */
export class RevocationCache {
  constructor(private readonly dir: string) {}

  static ocspKey(issuerSpki: Uint8Array, serialHex: string): string {
    return `ocsp-${crypto.createHash('sha256').update(issuerSpki).update(serialHex).digest('hex')}`;
  }

  static crlKey(url: string): string {
    return `crl-${crypto.createHash('sha256').update(url).digest('hex')}`;
  }

  /** The entry when present and not expired at `now`. */
  async get(key: string, now: Date): Promise<{ entry: CachedRevocationData; der: Uint8Array } | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CachedRevocationData;
      if (!(Date.parse(entry.expiresAt) > now.getTime())) return undefined;
      return { entry, der: new Uint8Array(Buffer.from(entry.der, 'base64')) };
    } catch {
      // A corrupt cache file is as good as none; the next successful fetch replaces it.
      return undefined;
    }
  }

  async put(key: string, data: { kind: 'ocsp' | 'crl'; url: string; der: Uint8Array; fetchedAt: Date; nextUpdate: Date | null; meta?: Record<string, string> }): Promise<void> {
    const expires = data.nextUpdate ?? new Date(data.fetchedAt.getTime() + MAX_AGE_WITHOUT_NEXT_UPDATE_MS);
    const entry: CachedRevocationData = {
      kind: data.kind,
      url: data.url,
      fetchedAt: data.fetchedAt.toISOString(),
      expiresAt: expires.toISOString(),
      ...(data.meta ? { meta: data.meta } : {}),
      der: Buffer.from(data.der).toString('base64'),
    };
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file(key), JSON.stringify(entry));
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}
