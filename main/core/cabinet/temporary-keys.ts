import { signatureAlgorithmFor } from '../crypto';
import type { z } from 'zod';
import type { CabinetKey, TemporaryPeriod, ValidityPreview } from '../../../preload/contract/domains/cabinet';
import type { temporaryKeySchema } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { describeCertificate } from '../pki/certificate';
import type { CabinetContext } from './cabinet-context';
import { buildCertificationRequest } from './certification-request';
import { algorithmNameOf, createKey, insertRequestedKey } from './key-creation';
import type { KeyViews } from './key-views';
import { distinctName } from './distinct-name';
import { temporaryValidity } from './temporary-validity';

export type TemporaryKeyRequest = z.output<typeof temporaryKeySchema>;

/** Temporary keys vouched for by a main key, whose certificates never outlast the main one. */
export class TemporaryKeys {
  constructor(
    private readonly context: CabinetContext,
    private readonly views: KeyViews,
  ) {}

  preview(parentId: string, period: TemporaryPeriod): ValidityPreview {
    const mainNotAfter = this.context.mainNotAfter(this.context.records.get(parentId));
    const { notAfter, capped } = temporaryValidity(period, mainNotAfter, this.context.now());
    return { notAfter: notAfter.toISOString(), capped, mainNotAfter: mainNotAfter.toISOString() };
  }

  /**
   * A temporary key vouched for by a main key: the new key pair (file or token), its request signed by itself,
   * and that request authenticated by the main key. Its certificate may never outlast the main one.
   */
  async make(input: TemporaryKeyRequest): Promise<CabinetKey> {
    const { context } = this;
    const parent = context.records.get(input.parentId);
    const mainInfo = parent.certificate ? describeCertificate(parent.certificate) : undefined;
    const { notAfter } = temporaryValidity(input.period, context.mainNotAfter(parent), context.now());
    const parentKey = await context.openSigningKey(parent.id, input.parentSecret);
    try {
      const algorithm = algorithmNameOf(parent.algorithm);
      const name = distinctName(input.name ?? `${parent.name} · temporary`, context.records.all().map((record) => record.name));
      const created = await createKey(context, {
        storage: input.storage,
        algorithm,
        name,
        secret: input.newSecret,
        tokenLabel: input.tokenLabel,
        tokenPin: input.tokenPin,
        newTokenPin: input.newTokenPin,
        soPin: input.soPin,
      });
      try {
        const request = await buildCertificationRequest(created.key, { subject: mainInfo!.subject });
        // The main key vouches for the request: its signature (SHA-256) over the request's DER.
        const authorization = await parentKey.sign(request, signatureAlgorithmFor(parentKey.algorithm, 'SHA-256'));
        insertRequestedKey(context, created, {
          name,
          storage: input.storage,
          tokenLabel: input.tokenLabel ?? null,
          algorithm,
          request,
          requestPurpose: 'temporary',
          parentId: parent.id,
          validityLimit: notAfter.toISOString(),
          authorization,
          caProfileId: context.knownProfile(input.caProfileId === undefined ? parent.caProfileId : input.caProfileId),
        });
        return this.views.key(created.id);
      } finally {
        await created.key.close();
      }
    } finally {
      await (parentKey).close();
    }
  }

  /**
   * Sends a temporary key's request through the CA connector, authenticated by the main key; the issued
   * certificate is bound to the new key. `sent: false` when no CA is configured (export the request instead).
   * A failure (CA unreachable, refused) leaves the key as it was, so the wizard can simply try again.
   */
  async sendRequest(input: { keyId: string; parentSecret: string; secret: string }): Promise<{ sent: boolean; key: CabinetKey }> {
    const { context } = this;
    const record = context.records.get(input.keyId);
    if (!context.ca?.configured(record.caProfileId)) return { sent: false, key: await this.views.key(record.id) };
    if (record.requestPurpose !== 'temporary' || !record.parentId) throw new SigndeskError('ERR_INPUT_INVALID', 'Only a temporary key request is sent from the cabinet');
    const parent = context.records.get(record.parentId);
    context.assertMaySign(parent.id);
    const notAfter = new Date(record.validityLimit ?? context.mainNotAfter(parent).toISOString());
    await context.ca.requestTemporaryCertificate({ authKeyRef: parent.keyRef, keyRef: record.keyRef, notAfter, authSecret: input.parentSecret, newSecret: input.secret, profileId: record.caProfileId });
    context.records.update(record.id, { requestSent: true });
    return { sent: true, key: await this.views.key(record.id) };
  }
}
