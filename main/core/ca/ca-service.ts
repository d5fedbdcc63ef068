import type { CaProfile } from '../../../preload/contract/domains/ca';
import { SigndeskError } from '../../../preload/contract/errors';
import type { SigningKey } from '../crypto';
import type { SecretProvider } from '../keys';
import { dnToName } from '../pki/dn';
import { decodeCertificate, decodeCertificates, encodeCertificate } from '../pki/certificate';
import { certificatePem } from '../pki/certificate-input';
import { isIssuerOf, revocationOverrides, revocationSourceFor, type RevocationReason, type RevocationResult, type RevocationService } from '../pki/revocation';
import { CmpClient, type CmpAuthentication, type CmpTransport, type EnrollResult } from './cmp';
import type { CaProfileStore } from './ca-profile-store';

const CA_CLOCK_SLACK_MS = 60_000;

/** Asks for a PIN or password when a key needs one (the keys feature's SecretProvider). */
export type AskSecret = SecretProvider;

/** What the CA service needs from the cabinet's keys (CabinetKeys satisfies it). */
export interface CaKeyAccess {
  /** Opens the key, runs `work` with it and closes it (a token key's login ends with it). */
  use<T>(keyRef: string, askSecret: AskSecret, work: (key: SigningKey) => Promise<T>): Promise<T>;
  /** Binds a certificate (PEM bundle: the certificate, then its chain) to the key. */
  bindCertificate(keyRef: string, certificateBytes: Uint8Array, askSecret: AskSecret): Promise<{ certificate: Uint8Array; chain: Uint8Array[] }>;
}

export interface CaServiceOptions {
  profiles: CaProfileStore;
  revocation: RevocationService;
  /** Settings → Trusted certificates: more places to find a certificate's issuer (Verify trusts the same ones). */
  trustedCertificates?: () => Promise<Uint8Array[]>;
  /** Built on first use (opening keys may load PKCS#11 modules). */
  keys: () => CaKeyAccess;
  /** The certificate and chain of a cabinet key, for `ca:checkStatus {keyId}`. */
  certificateOfKey?: (keyId: string) => { certificate: Uint8Array | null; chain: Uint8Array[] };
  transport?: CmpTransport;
  pollTimeoutMs?: number;
  now?: () => Date;
}

/** Where to send a CMP request: an explicit URL and trusted CA certificates, or a CA profile. */
export interface CmpTarget {
  serverUrl?: string;
  profileId?: string;
  /** Certificates trusted for the response protection (`--ca-cert`); default: the profile's trust anchors. */
  caCertificates?: Uint8Array[];
}

export interface IssuedCertificate {
  keyRef: string;
  certificate: Uint8Array;
  /** Issuer certificates towards the root, as far as the CA's response and trust anchors reach. */
  chain: Uint8Array[];
  polled: boolean;
}

export interface StatusRequest {
  certificate: Uint8Array;
  issuer?: Uint8Array;
  /** More certificates in which to look for the issuer. */
  chain?: Uint8Array[];
  profileId?: string;
  allowNetwork?: boolean;
}

/**
 * Certificate lifecycle online: CMP enrolment (ir with reference number and secret, cr for further or
 * temporary keys, kur renewal), revocation requests, and revocation status with CA-profile overrides.
 * The issued certificate is bound to its key through the key store.
 */
export class CaService {
  constructor(private readonly options: CaServiceOptions) {}

  get profiles(): CaProfileStore {
    return this.options.profiles;
  }

  /** ir: MAC-protected by the reference number and secret the CA handed out (the new-key wizard's QR code). */
  async initialRegistration(
    input: CmpTarget & { reference: string; secret: string; keyRef: string; subject: string; askSecret: AskSecret; review?: (certificate: Uint8Array) => Promise<void> },
  ): Promise<IssuedCertificate> {
    const result = await this.options.keys().use(input.keyRef, input.askSecret, (key) =>
      this.client(input, { kind: 'mac', reference: input.reference, secret: input.secret }).enroll({
        type: 'ir',
        newKey: key,
        subject: dnToName(input.subject),
        ...(input.review ? { review: input.review } : {}),
      }),
    );
    return this.bind(input.keyRef, result, input, input.askSecret);
  }

  /**
   * cr: a certificate for `keyRef`, vouched for by the current key `authKeyRef`. The certificate may not
   * outlive the authenticating certificate (nor `notAfter`, when asked): a longer one is refused with
   * ERR_CA_RESPONSE_INVALID and rejected in certConf.
   */
  async requestCertificate(
    input: CmpTarget & { authKeyRef: string; keyRef: string; subject?: string; notAfter?: Date; askSecret: AskSecret },
  ): Promise<IssuedCertificate> {
    const keys = this.options.keys();
    const result = await keys.use(input.authKeyRef, input.askSecret, async (authKey) => {
      const authCert = requireCertificate(authKey, input.authKeyRef);
      const mainNotAfter = authCert.notAfter.value;
      const requested = input.notAfter && input.notAfter < mainNotAfter ? input.notAfter : mainNotAfter;
      // The main certificate's end is absolute; a requested end gets a minute's grace for the CA's clock and rounding.
      const limit = new Date(Math.min(mainNotAfter.getTime(), requested.getTime() + CA_CLOCK_SLACK_MS));
      return keys.use(input.keyRef, input.askSecret, (newKey) =>
        this.client(input, { kind: 'signature', key: authKey }).enroll({
          type: 'cr',
          newKey,
          subject: input.subject ? dnToName(input.subject) : authCert.subject,
          validity: { notAfter: requested },
          maxNotAfter: limit,
        }),
      );
    });
    return this.bind(input.keyRef, result, input, input.askSecret);
  }

  /** kur: renews `keyRef`'s certificate for the new key `newKeyRef`, authenticated by the current key. */
  async updateKey(input: CmpTarget & { keyRef: string; newKeyRef: string; askSecret: AskSecret }): Promise<IssuedCertificate> {
    const keys = this.options.keys();
    const result = await keys.use(input.keyRef, input.askSecret, async (current) => {
      requireCertificate(current, input.keyRef);
      return keys.use(input.newKeyRef, input.askSecret, (newKey) => this.client(input, { kind: 'signature', key: current }).enroll({ type: 'kur', newKey }));
    });
    return this.bind(input.newKeyRef, result, input, input.askSecret);
  }

  /** rr: asks the CA to revoke the key's own certificate (certificateHold to block it where the CA allows). */
  async revoke(input: CmpTarget & { keyRef: string; reason?: RevocationReason; askSecret: AskSecret }): Promise<{ serial: string }> {
    return this.options.keys().use(input.keyRef, input.askSecret, async (key) => {
      const cert = requireCertificate(key, input.keyRef);
      await this.client(input, { kind: 'signature', key }).revoke(input.reason ? { reason: input.reason } : {});
      return { serial: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex') };
    });
  }

  /**
   * OCSP / CRL status with the profile's overrides; the issuer comes from the input, the chain, the profile, the
   * trusted certificates or AIA. Without a profile, the one whose CA issued the certificate gives the sources, as in Verify.
   */
  async checkStatus(input: StatusRequest): Promise<RevocationResult> {
    const cert = decodeCertificate(input.certificate);
    const profiles = this.options.profiles.list();
    const profile = input.profileId ? this.options.profiles.get(input.profileId) : undefined;
    const candidates = [
      ...(input.issuer ? [input.issuer] : []),
      ...(input.chain ?? []),
      ...(profile ? anchorsOf(profile) : profiles.flatMap(anchorsOf)),
      ...((await this.options.trustedCertificates?.()) ?? []),
    ].map(decodeCertificate);
    const issuer = await this.options.revocation.findIssuer(cert, candidates, input.allowNetwork ?? true);
    const rules = (profile ? [profile] : profiles).map((candidate) => ({
      name: candidate.name,
      certificates: profile ? [input.certificate] : [],
      issuers: anchorsOf(candidate),
      ocspUrl: candidate.ocspUrl,
      crlUrls: candidate.crlUrls,
    }));
    return this.options.revocation.check(cert, issuer, {
      ...(input.allowNetwork === false ? { allowNetwork: false } : {}),
      ...revocationOverrides(revocationSourceFor(input.certificate, encodeCertificate(issuer), rules)),
    });
  }

  /** Status of a cabinet key's certificate. */
  async checkKeyStatus(keyId: string, options: Omit<StatusRequest, 'certificate'> = {}): Promise<RevocationResult> {
    if (!this.options.certificateOfKey) throw new SigndeskError('ERR_NOT_FOUND', 'Key lookup is not available here');
    const { certificate, chain } = this.options.certificateOfKey(keyId);
    if (!certificate) throw new SigndeskError('ERR_NOT_FOUND', 'The key has no certificate yet', { context: 'noCertificate' });
    return this.checkStatus({ ...options, certificate, chain: [...chain, ...(options.chain ?? [])] });
  }

  private client(target: CmpTarget, authentication: CmpAuthentication): CmpClient {
    const profile = target.profileId ? this.options.profiles.get(target.profileId) : undefined;
    const serverUrl = target.serverUrl ?? profile?.cmpUrl;
    if (!serverUrl) throw new SigndeskError('ERR_INPUT_INVALID', 'No CMP server: give its URL or a CA profile with one');
    return new CmpClient({
      serverUrl,
      authentication,
      // Without a CA certificate or profile, the CA that issued the authenticating key's certificate is trusted.
      trusted: target.caCertificates ?? (profile ? anchorsOf(profile) : authentication.kind === 'signature' ? [...(authentication.key.chain ?? [])] : []),
      ...(this.options.transport ? { transport: this.options.transport } : {}),
      ...(this.options.pollTimeoutMs ? { pollTimeoutMs: this.options.pollTimeoutMs } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
    });
  }

  private async bind(keyRef: string, result: EnrollResult, target: CmpTarget, askSecret: AskSecret): Promise<IssuedCertificate> {
    const profile = target.profileId ? this.options.profiles.get(target.profileId) : undefined;
    const pool = [...result.caPubs, ...result.extraCerts, ...(target.caCertificates ?? []), ...(profile ? anchorsOf(profile) : [])];
    const chain = chainFor(result.certificate, pool);
    const bundle = [result.certificate, ...chain].map(certificatePem).join('');
    const pemBundle = new TextEncoder().encode(bundle);
    await this.options.keys().bindCertificate(keyRef, pemBundle, askSecret);
    return { keyRef, certificate: result.certificate, chain, polled: result.polled };
  }
}

function requireCertificate(key: SigningKey, keyRef: string) {
  if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', `The key ${keyRef} has no certificate to authenticate with`);
  return decodeCertificate(key.certificate);
}

function anchorsOf(profile: CaProfile): Uint8Array[] {
  return profile.trustAnchors.flatMap((pem) => decodeCertificates(new TextEncoder().encode(pem)).map(encodeCertificate));
}

/** The issuers of `certificate` found in `pool`, nearest first, stopping at a self-signed certificate. */
export function chainFor(certificate: Uint8Array, pool: readonly Uint8Array[]): Uint8Array[] {
  const parsed = pool.map((der) => ({ der, cert: decodeCertificate(der) }));
  const chain: Uint8Array[] = [];
  let current = decodeCertificate(certificate);
  for (let depth = 0; depth < 8; depth++) {
    const next = parsed.find((candidate) => isIssuerOf(candidate.cert, current) && !chain.some((der) => Buffer.from(der).equals(Buffer.from(candidate.der))));
    if (!next || Buffer.from(next.der).equals(Buffer.from(certificate))) break;
    chain.push(next.der);
    if (isIssuerOf(next.cert, next.cert)) break;
    current = next.cert;
  }
  return chain;
}

