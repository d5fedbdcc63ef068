import type { SigningKey } from '../../crypto';

/** SignedData and SignerInfo around the certificates: headers, attributes, algorithm identifiers, the signature value. */
const CMS_OVERHEAD = 4096;
/** An RFC 3161 token with its TSA's certificates (a few kilobytes is usual; chains of several CAs happen). */
const TIMESTAMP_ALLOWANCE = 20 * 1024;

/**
 * Bytes to reserve in /Contents for the CMS a key makes: its certificates plus room for everything else, and a
 * timestamp's token when a TSA is used. Rounded up to a KiB; the placeholder is twice this in hex.
 */
export function contentsSizeFor(key: Pick<SigningKey, 'certificate' | 'chain'>, withTimestamp: boolean): number {
  const certificates = [key.certificate, ...(key.chain ?? [])].reduce((total, der) => total + (der?.length ?? 0), 0);
  const bytes = certificates + CMS_OVERHEAD + (withTimestamp ? TIMESTAMP_ALLOWANCE : 0);
  return Math.ceil(bytes / 1024) * 1024;
}
