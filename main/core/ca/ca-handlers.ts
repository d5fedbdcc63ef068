import type { CertificateStatus } from '../../../preload/contract/domains/ca';
import type { RevocationResult } from '../pki/revocation';
import { decodeCertificates, encodeCertificate } from '../pki/certificate';
import type { Handlers } from '../../../preload/contract/api';
import type { CaService } from './ca-service';

export function certificateStatusOf(result: RevocationResult): CertificateStatus {
  return {
    status: result.status,
    source: result.source,
    fromCache: result.fromCache,
    revokedAt: result.revokedAt?.toISOString() ?? null,
    reason: result.reason,
    thisUpdate: result.thisUpdate?.toISOString() ?? null,
    nextUpdate: result.nextUpdate?.toISOString() ?? null,
    problems: result.problems,
  };
}

const derOf = (pem: string) => encodeCertificate(decodeCertificates(new TextEncoder().encode(pem))[0]!);

/** The `ca:` channels over the CA service. */
export function caHandlers(ca: CaService): Pick<Handlers, 'ca:profiles' | 'ca:saveProfile' | 'ca:deleteProfile' | 'ca:checkStatus'> {
  return {
    'ca:profiles': () => ca.profiles.list(),
    'ca:saveProfile': ({ profile }) => ca.profiles.save(profile),
    'ca:deleteProfile': async ({ id }) => ({ deleted: await ca.profiles.delete(id) }),
    'ca:checkStatus': async (input) => {
      const options = { ...(input.issuer ? { issuer: derOf(input.issuer) } : {}), ...(input.profileId ? { profileId: input.profileId } : {}) };
      const result = input.keyId ? await ca.checkKeyStatus(input.keyId, options) : await ca.checkStatus({ certificate: derOf(input.certificate!), ...options });
      return certificateStatusOf(result);
    },
  };
}
