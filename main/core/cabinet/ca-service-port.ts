import type { EnrollmentTarget } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CaService } from '../ca/index';
import type { CabinetCaPort } from './ca-port';

/**
 * The cabinet's CA needs over CaService. A key goes to its own CA profile; a key without one (or whose
 * profile was deleted) goes to the first profile with a CMP address. A chosen profile without a CMP
 * address means "this CA has no CMP": nothing is sent.
 */
export class CaServicePort implements CabinetCaPort {
  constructor(private readonly ca: () => CaService) {}

  configured(profileId?: string | null): boolean {
    return this.cmpProfileId(profileId) !== undefined;
  }

  hasProfile(profileId: string): boolean {
    return this.ca()
      .profiles.list()
      .some((profile) => profile.id === profileId);
  }

  async requestTemporaryCertificate(input: { authKeyRef: string; keyRef: string; notAfter: Date; authSecret: string; newSecret: string; profileId?: string | null }): Promise<void> {
    await this.ca().requestCertificate({
      ...this.target(input.profileId),
      authKeyRef: input.authKeyRef,
      keyRef: input.keyRef,
      notAfter: input.notAfter,
      // Each key's secret goes only to that key.
      askSecret: async (request) => (request.keyRef === input.authKeyRef ? input.authSecret : input.newSecret),
    });
  }

  async updateKey(input: { keyRef: string; newKeyRef: string; secret: string; newSecret: string; profileId?: string | null }): Promise<void> {
    await this.ca().updateKey({
      ...this.target(input.profileId),
      keyRef: input.keyRef,
      newKeyRef: input.newKeyRef,
      askSecret: async (request) => (request.keyRef === input.keyRef ? input.secret : input.newSecret),
    });
  }

  enrollmentTarget(input: { caAddress?: string | null; profileId?: string | null }): EnrollmentTarget {
    if (input.caAddress) return { source: 'qr', url: input.caAddress, profileName: null };
    const id = this.cmpProfileId(input.profileId);
    const profile = id ? this.ca().profiles.get(id) : undefined;
    return profile?.cmpUrl ? { source: 'profile', url: profile.cmpUrl, profileName: profile.name } : { source: 'none', url: null, profileName: null };
  }

  async initialRegistration(input: Parameters<CabinetCaPort['initialRegistration']>[0]): Promise<void> {
    const target = this.enrollmentTarget(input);
    if (target.source === 'none') throw new SigndeskError('ERR_CA_NOT_CONFIGURED', 'No CA to send the request to: scan the CA\'s QR code or add a CA profile with a CMP address');
    await this.ca().initialRegistration({
      ...(target.source === 'qr' ? { serverUrl: target.url! } : this.target(input.profileId)),
      keyRef: input.keyRef,
      reference: input.reference,
      secret: input.oneTimeSecret,
      subject: input.subject,
      askSecret: async () => input.secret,
      review: input.review,
    });
  }

  async hold(input: { keyRef: string; secret: string; profileId?: string | null }): Promise<void> {
    await this.ca().revoke({ ...this.target(input.profileId), keyRef: input.keyRef, reason: 'certificateHold', askSecret: async () => input.secret });
  }

  private target(profileId: string | null | undefined): { profileId?: string } {
    const id = this.cmpProfileId(profileId);
    return id ? { profileId: id } : {};
  }

  private cmpProfileId(profileId: string | null | undefined): string | undefined {
    const profiles = this.ca().profiles.list();
    const chosen = profileId ? profiles.find((profile) => profile.id === profileId) : undefined;
    if (chosen) return chosen.cmpUrl !== null ? chosen.id : undefined;
    return profiles.find((profile) => profile.cmpUrl !== null)?.id;
  }
}
