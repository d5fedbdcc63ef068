import type { EnrollmentTarget } from '../../../preload/contract/domains/cabinet';

/**
 * What the cabinet needs from the CA connector (CMP): certificates for temporary keys, renewals and holds,
 * each sent to the key's CA profile (`profileId`; null or a deleted profile: the first profile with a CMP
 * address). The CA feature's CaService provides it (adapted in `ca-service-port.ts`).
 */
export interface CabinetCaPort {
  /** true when the key's CA profile (or the fallback) has a CMP address. */
  configured(profileId?: string | null): boolean;
  /** true when a CA profile with this id exists. */
  hasProfile(profileId: string): boolean;
  requestTemporaryCertificate(input: { authKeyRef: string; keyRef: string; notAfter: Date; authSecret: string; newSecret: string; profileId?: string | null }): Promise<void>;
  /** kur: renews `keyRef`'s certificate for the new key `newKeyRef`, authenticated by the current key. */
  updateKey(input: { keyRef: string; newKeyRef: string; secret: string; newSecret: string; profileId?: string | null }): Promise<void>;
  /** Where a new key's request goes: the CA address from the QR code first, else the chosen (or default) CMP profile. */
  enrollmentTarget(input: { caAddress?: string | null; profileId?: string | null }): EnrollmentTarget;
  /**
   * ir for a new key, MAC-protected by the reference number and the CA's one-time secret; `review` sees the
   * issued certificate before it is confirmed (throw to reject). The certificate is bound to the key.
   */
  initialRegistration(input: {
    keyRef: string;
    secret: string;
    reference: string;
    oneTimeSecret: string;
    subject: string;
    caAddress?: string | null;
    profileId?: string | null;
    review: (certificate: Uint8Array) => Promise<void>;
  }): Promise<void>;
  /** rr with reason certificateHold: asks the CA to suspend the key's certificate. */
  hold(input: { keyRef: string; secret: string; profileId?: string | null }): Promise<void>;
}
