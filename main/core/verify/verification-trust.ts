import type { CaProfile } from '../../../preload/contract/domains/ca';
import { certificatesFromBytes } from '../pki/certificate-input';
import { fingerprintOf, TrustStore } from '../pki/trust-store';
import type { RevocationSourceRule } from '../pki/revocation';

/**
 * What Verify and the cabinet trust, from one place: the anchors of Settings → Trusted certificates and of every CA
 * profile, and the OCSP / CRL sources the CA profiles configure. Plain data: it goes into worker threads as it is.
 */
export interface VerificationTrust {
  trustAnchors: Uint8Array[];
  revocationSources: RevocationSourceRule[];
}

export interface VerificationTrustInputs {
  dataDir: string;
  profiles: readonly CaProfile[];
  /** The cabinet's certificates and the profile each key is checked with. */
  cabinetCertificates: ReadonlyArray<{ certificate: Uint8Array | null; caProfileId: string | null }>;
}

/** A profile's trusted certificates (PEM texts) as DER; a text that is no certificate is skipped (the profile form checks them). */
export function profileAnchors(profile: CaProfile): Uint8Array[] {
  return profile.trustAnchors.flatMap((pem) => {
    try {
      return certificatesFromBytes(new TextEncoder().encode(pem));
    } catch {
      return [];
    }
  });
}

export async function loadVerificationTrust(inputs: VerificationTrustInputs): Promise<VerificationTrust> {
  const anchors = new Map<string, Uint8Array>();
  const add = (der: Uint8Array) => anchors.set(fingerprintOf(der), der);
  for (const der of await new TrustStore(inputs.dataDir).anchors()) add(der);
  for (const profile of inputs.profiles) for (const der of profileAnchors(profile)) add(der);
  const revocationSources = inputs.profiles.map((profile) => ({
    name: profile.name,
    certificates: inputs.cabinetCertificates.filter((key) => key.caProfileId === profile.id && key.certificate).map((key) => key.certificate!),
    issuers: profileAnchors(profile),
    ocspUrl: profile.ocspUrl,
    crlUrls: [...profile.crlUrls],
  }));
  return { trustAnchors: [...anchors.values()], revocationSources };
}
