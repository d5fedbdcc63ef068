import type { CaService } from '../ca/index';
import type { CabinetCaPort } from './ca-port';

/** The cabinet's CA needs over CaService: the first CA profile that has a CMP address. */
export class CaServicePort implements CabinetCaPort {
  constructor(private readonly ca: () => CaService) {}

  configured(): boolean {
    return this.profileId() !== undefined;
  }

  async requestTemporaryCertificate(input: { authKeyRef: string; keyRef: string; notAfter: Date; authSecret: string; newSecret: string }): Promise<void> {
    const profileId = this.profileId();
    await this.ca().requestCertificate({
      ...(profileId ? { profileId } : {}),
      authKeyRef: input.authKeyRef,
      keyRef: input.keyRef,
      notAfter: input.notAfter,
      // Each key's secret goes only to that key.
      askSecret: async (request) => (request.keyRef === input.authKeyRef ? input.authSecret : input.newSecret),
    });
  }

  async updateKey(input: { keyRef: string; newKeyRef: string; secret: string; newSecret: string }): Promise<void> {
    const profileId = this.profileId();
    await this.ca().updateKey({
      ...(profileId ? { profileId } : {}),
      keyRef: input.keyRef,
      newKeyRef: input.newKeyRef,
      askSecret: async (request) => (request.keyRef === input.keyRef ? input.secret : input.newSecret),
    });
  }

  private profileId(): string | undefined {
    return this.ca()
      .profiles.list()
      .find((profile) => profile.cmpUrl !== null)?.id;
  }
}
