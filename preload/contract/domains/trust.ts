import { z } from 'zod';
import { channel } from '../define';

/** A certificate in the app's trust store (Settings → Trusted certificates), as the screen shows it. */
export interface TrustedCertificate {
  /** Lower-case hex SHA-256 of the DER: the certificate's identity in the store. */
  fingerprint: string;
  subject: string;
  /** CN (else given name + surname) and organisation, for the list. */
  owner: string | null;
  organisation: string | null;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  /** A CA certificate (basicConstraints cA); an end-entity certificate trusted directly is unusual. */
  isCa: boolean;
  selfSigned: boolean;
}

/** A certificate a signature carries, offered for trust from the signature's chain. */
export interface ChainCertificate extends TrustedCertificate {
  /** Already in the trust store. */
  trusted: boolean;
  /** 0 is the signer's own certificate, 1 its issuer, and so on up the chain. */
  depth: number;
}

export interface TrustAddResult {
  added: TrustedCertificate[];
  /** Certificates of the input that were already trusted (nothing duplicated). */
  already: TrustedCertificate[];
}

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 fingerprint: 64 lower-case hex digits');
const filePath = z.string().min(1).max(4096);

export const trustChannels = {
  /** Every trusted certificate, with subject, fingerprint and validity. */
  'trust:list': channel<TrustedCertificate[]>()(z.object({}).strict()),
  /**
   * Adds the certificates of a file (PEM, DER, `.p7b`): by path (a native picker) or by its bytes in base64 (a
   * browser picker). Certificates already trusted are reported, not duplicated.
   */
  'trust:add': channel<TrustAddResult>()(
    z
      .object({ path: filePath.optional(), content: z.string().min(1).max(2 * 1024 * 1024).optional() })
      .strict()
      .refine((input) => (input.path === undefined) !== (input.content === undefined), { message: 'Give either path or content' }),
  ),
  /** The certificates a signature file carries, from each signer's certificate up its chain. */
  'trust:signatureChain': channel<ChainCertificate[]>()(z.object({ signaturePath: filePath }).strict()),
  /** Trusts one certificate of a signature's chain (the user confirmed a warning: the signature vouches for nothing). */
  'trust:addFromSignature': channel<TrustAddResult>()(z.object({ signaturePath: filePath, fingerprint }).strict()),
  'trust:remove': channel<{ removed: boolean }>()(z.object({ fingerprint }).strict()),
};
