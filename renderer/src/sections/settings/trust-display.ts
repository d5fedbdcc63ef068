import type { TrustedCertificate } from '../../../../preload/contract/index';

/** `ab12cd…` → `AB12 CD34 …`: groups of four a person can compare with the CA's published fingerprint. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.toUpperCase().replace(/(.{4})(?!$)/g, '$1 ');
}

/** The name a list shows: the owner (CN, or given name + surname), else the whole subject. */
export function certificateName(certificate: Pick<TrustedCertificate, 'owner' | 'subject'>): string {
  return certificate.owner ?? certificate.subject;
}

export function isExpired(certificate: Pick<TrustedCertificate, 'notAfter'>, now = new Date()): boolean {
  return new Date(certificate.notAfter).getTime() < now.getTime();
}

/** A picked file's bytes as base64, for `trust:add` where there is no native path (a browser on the bridge). */
export async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The hash route of the trusted-certificates screen (Settings scrolls to it). */
export const TRUSTED_CERTIFICATES_ROUTE = '#/settings/trusted';
