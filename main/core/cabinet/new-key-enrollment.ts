import type { CabinetKey, EnrollmentReview, EnrollmentTarget } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { signBytes } from '../cms';
import { describeCertificate } from '../pki/certificate';
import { subjectNamesOfText } from '../pki/subject-names';
import { acceptanceStatementText, saveAcceptanceStatement } from './acceptance-statement';
import type { CabinetContext } from './cabinet-context';
import { describeCertificationRequest } from './certification-request';
import type { KeyViews } from './key-views';

/** How long an issued certificate waits for "Sign the statement" before it is declined at the CA. */
const REVIEW_TIMEOUT_MS = 15 * 60_000;

interface PendingEnrollment {
  decide(accept: boolean): void;
  /** Settles when the CMP transaction ends (certConf answered, the certificate bound). */
  finished: Promise<void>;
  secret: string;
  certificate: Uint8Array;
}

/**
 * The new key's certificate from the CA (CMP ir, MAC-protected by the reference number and the CA's one-time
 * secret). The CA is told the certificate is accepted only after the user has checked its data: the transaction
 * waits between `start` (certificate shown) and `finish` ("Sign the statement": certConf, bound, the key signs).
 */
export class NewKeyEnrollment {
  private readonly pending = new Map<string, PendingEnrollment>();

  constructor(
    private readonly context: CabinetContext,
    private readonly views: KeyViews,
  ) {}

  target(input: { caAddress?: string | undefined; caProfileId?: string | null | undefined }): EnrollmentTarget {
    if (!this.context.ca) return input.caAddress ? { source: 'qr', url: input.caAddress, profileName: null } : { source: 'none', url: null, profileName: null };
    return this.context.ca.enrollmentTarget({ caAddress: input.caAddress ?? null, profileId: input.caProfileId ?? null });
  }

  async start(input: { keyId: string; secret: string; oneTimeSecret: string }): Promise<EnrollmentReview> {
    const { context } = this;
    const record = context.records.get(input.keyId);
    if (record.requestPurpose !== 'new' || !record.request || !record.reference) throw new SigndeskError('ERR_INPUT_INVALID', 'Only a new key\'s request is sent with a reference number');
    if (record.certificate) throw new SigndeskError('ERR_INPUT_INVALID', 'This key already has its certificate');
    if (this.pending.has(record.id)) throw new SigndeskError('ERR_BUSY', 'The certificate for this key is already waiting for your decision');
    const ca = context.ca;
    if (!ca || this.target({ caAddress: record.caAddress ?? undefined, caProfileId: record.caProfileId }).source === 'none') {
      throw new SigndeskError('ERR_CA_NOT_CONFIGURED', 'No CA to send the request to: scan the CA\'s QR code or add a CA profile with a CMP address');
    }
    let issued!: (certificate: Uint8Array) => void;
    let failed!: (error: unknown) => void;
    const reviewed = new Promise<Uint8Array>((resolve, reject) => ((issued = resolve), (failed = reject)));
    let decide!: (accept: boolean) => void;
    const decision = new Promise<boolean>((resolve) => (decide = resolve));
    const timer = setTimeout(() => decide(false), REVIEW_TIMEOUT_MS);
    timer.unref?.();
    const finished = ca
      .initialRegistration({
        keyRef: record.keyRef,
        secret: input.secret,
        reference: record.reference,
        oneTimeSecret: input.oneTimeSecret,
        subject: describeCertificationRequest(record.request).subject,
        caAddress: record.caAddress,
        profileId: record.caProfileId,
        review: async (certificate) => {
          issued(certificate);
          if (!(await decision)) throw new SigndeskError('ERR_CANCELLED', 'The certificate was not accepted: its data is wrong');
        },
      })
      .finally(() => {
        clearTimeout(timer);
        this.pending.delete(record.id);
      });
    finished.catch(failed);
    const certificate = await reviewed;
    this.pending.set(record.id, { decide, finished, secret: input.secret, certificate });
    context.records.update(record.id, { requestSent: true });
    const info = describeCertificate(certificate);
    const issuerNames = subjectNamesOfText(info.issuer);
    return {
      keyId: record.id,
      subject: info.subject,
      owner: info.owner,
      organisation: info.organisation,
      issuer: info.issuer,
      issuerName: issuerNames.owner ?? issuerNames.organisation,
      serial: info.serial,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      identifiers: { ...info.identifiers } as Record<string, string>,
      fingerprintSha256: info.fingerprintSha256,
    };
  }

  /**
   * accept: "Sign the statement": the CA gets certConf, the certificate is bound, and the key signs the statement
   * (proving it is ready to sign). Declined: the CA is told the certificate is rejected; the key keeps waiting.
   */
  async finish(keyId: string, accept: boolean): Promise<CabinetKey> {
    const pending = this.pending.get(keyId);
    if (!pending) throw new SigndeskError('ERR_NOT_FOUND', 'No issued certificate is waiting for this key: send the request again', { keyId });
    pending.decide(accept);
    try {
      await pending.finished;
    } catch (error) {
      if (!accept && error instanceof SigndeskError && error.code === 'ERR_CANCELLED') return this.views.key(keyId);
      throw error;
    }
    if (!accept) return this.views.key(keyId);
    await this.signStatement(keyId, pending);
    return this.views.key(keyId);
  }

  /** The key signs its acceptance statement (attached CAdES), which is kept beside the cabinet for its owner. */
  private async signStatement(keyId: string, pending: PendingEnrollment): Promise<void> {
    const key = await this.context.openSigningKey(keyId, pending.secret);
    try {
      const signedAt = this.context.now();
      const text = new TextEncoder().encode(acceptanceStatementText(describeCertificate(pending.certificate), signedAt));
      const signature = await signBytes(text, { key, attached: true, signingTime: signedAt });
      const statementPath = await saveAcceptanceStatement(this.context.statementsDir, this.context.records.get(keyId).name, signedAt, text, signature);
      this.context.records.update(keyId, { statementPath });
    } finally {
      await key.close();
    }
  }
}
