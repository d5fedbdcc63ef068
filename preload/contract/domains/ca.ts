import { z } from 'zod';
import { channel } from '../define';

const url = z.string().url().max(2048);
const pem = z.string().min(1).max(256 * 1024);

/** A certificate authority as Settings configures it; chosen per key in the cabinet. */
export const caProfileSchema = z
  .object({
    /** Generated when a new profile is saved without one. */
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    /** The CMP endpoint (RFC 6712 HTTP transfer), e.g. `http://ca.example/pkix/`. */
    cmpUrl: url.nullable(),
    /** Overrides the certificates' AIA OCSP URL. */
    ocspUrl: url.nullable(),
    /** Overrides the certificates' CRL distribution points. */
    crlUrls: z.array(url).max(16),
    /** The timestamp authority for signatures made with this CA's keys. */
    tsaUrl: url.nullable(),
    /** PEM certificates trusted for this CA: its root(s) and the CMP server certificate. */
    trustAnchors: z.array(pem).max(32),
  })
  .strict();

export type CaProfile = z.infer<typeof caProfileSchema>;

/** `signdesk status --json` in the renderer: dates as ISO strings. */
export interface CertificateStatus {
  status: 'good' | 'revoked' | 'unknown' | 'unreachable';
  source: 'ocsp' | 'crl' | null;
  fromCache: boolean;
  revokedAt: string | null;
  reason: string | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
  /** Why sources gave no usable answer, for the details view. */
  problems: string[];
}

export const caChannels = {
  'ca:profiles': channel<CaProfile[]>()(z.object({}).strict()),
  'ca:saveProfile': channel<CaProfile>()(z.object({ profile: caProfileSchema.extend({ id: z.string().min(1).max(64).optional() }) }).strict()),
  'ca:deleteProfile': channel<{ deleted: boolean }>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  'ca:checkStatus': channel<CertificateStatus>()(
    z
      .object({
        /** The certificate to check (PEM), or the cabinet key whose certificate it is. */
        certificate: pem.optional(),
        keyId: z.string().min(1).max(128).optional(),
        /** Its issuer (PEM) when not in the key's chain, the profile or the AIA caIssuers URL. */
        issuer: pem.optional(),
        profileId: z.string().min(1).max(64).optional(),
      })
      .strict()
      .refine((input) => (input.certificate === undefined) !== (input.keyId === undefined), { message: 'Give either certificate or keyId' }),
  ),
};
