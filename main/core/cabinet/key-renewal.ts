import type { RequestView } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { describeCertificate } from '../pki/certificate';
import type { CabinetContext } from './cabinet-context';
import { buildCertificationRequest, describeCertificationRequest } from './certification-request';
import { algorithmNameOf, createKey, insertRequestedKey } from './key-creation';
import type { KeyRecord } from './key-records';
import type { KeyViews } from './key-views';

/** Extending a key's validity: through the CA connector when there is one, else a renewal request to export. */
export class KeyRenewal {
  constructor(
    private readonly context: CabinetContext,
    private readonly views: KeyViews,
  ) {}

  /**
   * Extends validity. With a CA connector: a new key pair in the same place (same password / PIN) and a CMP
   * key update request (kur) authenticated by the current key; a failed send is retried with the same new key.
   * Without one: a renewal request (same subject) signed by the current key, to export.
   */
  async renew(keyId: string, secret: string): Promise<RequestView> {
    const { context } = this;
    const record = context.records.get(keyId);
    if (context.ca?.configured(record.caProfileId)) return this.renewThroughCa(record, secret);
    const subject = record.certificate ? describeCertificate(record.certificate).subject : record.request ? describeCertificationRequest(record.request).subject : `CN=${record.name}`;
    const key = await context.openSigningKey(keyId, secret);
    try {
      const request = await buildCertificationRequest(key, { subject, ...(record.reference ? { reference: record.reference } : {}) });
      const updated = context.records.update(keyId, { request, requestPurpose: 'renewal', requestCreated: context.now().toISOString(), requestSent: false });
      return this.views.requestView(updated);
    } finally {
      await key.close();
    }
  }

  private async renewThroughCa(record: KeyRecord, secret: string): Promise<RequestView> {
    const { context } = this;
    context.assertMaySign(record.id);
    if (!record.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'The key has no certificate to renew', { keyId: record.id, context: 'noCertificate' });
    let pending = context.records.all().find((candidate) => candidate.renewsId === record.id && !candidate.certificate);
    if (!pending) {
      // Proves the secret (and that the key may sign) before anything is generated.
      await (await context.openSigningKey(record.id, secret)).close();
      const created = await createKey(context, { storage: record.storage, algorithm: algorithmNameOf(record.algorithm), name: record.name, secret, tokenPin: secret, tokenLabel: record.tokenLabel ?? undefined });
      try {
        const request = await buildCertificationRequest(created.key, { subject: describeCertificate(record.certificate).subject });
        insertRequestedKey(context, created, {
          name: record.name,
          storage: record.storage,
          tokenLabel: record.tokenLabel,
          algorithm: record.algorithm,
          request,
          requestPurpose: 'renewal',
          renewsId: record.id,
          caProfileId: record.caProfileId,
        });
      } finally {
        await created.key.close();
      }
      pending = context.records.get(created.id);
    }
    await context.ca!.updateKey({ keyRef: record.keyRef, newKeyRef: pending.keyRef, secret, newSecret: secret, profileId: record.caProfileId });
    return this.views.requestView(context.records.update(pending.id, { requestSent: true }));
  }
}
