import path from 'node:path';
import type { CabinetKey, CertificateView, KeyStatus, RequestView } from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { describeCertificate, type CertificateInfo } from '../pki/certificate';
import { filePathOf, type CabinetContext } from './cabinet-context';
import { describeCertificationRequest } from './certification-request';
import type { KeyRecord } from './key-records';

function identifier(info: CertificateInfo | undefined, name: string): string | null {
  return (info?.identifiers as Record<string, string> | undefined)?.[name] ?? null;
}

/** The cabinet's keys as the UI sees them: list entries with their status, certificates and requests. */
export class KeyViews {
  constructor(private readonly context: CabinetContext) {}

  async list(): Promise<CabinetKey[]> {
    const records = this.context.records.all();
    const present = records.some((record) => record.storage === 'token') ? await this.context.presentTokenLabels() : new Set<string>();
    return records.map((record) => this.toView(record, present));
  }

  async key(keyId: string): Promise<CabinetKey> {
    const record = this.context.records.get(keyId);
    return this.toView(record, record.storage === 'token' ? await this.context.presentTokenLabels() : new Set());
  }

  certificate(keyId: string): CertificateView {
    const record = this.context.records.get(keyId);
    if (!record.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'This key has no certificate yet', { keyId, context: 'noCertificate' });
    const info = describeCertificate(record.certificate);
    return {
      subject: info.subject,
      issuer: info.issuer,
      serial: info.serial,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      keyUsage: info.keyUsage ?? [],
      extendedKeyUsage: info.extendedKeyUsage ?? [],
      identifiers: { ...info.identifiers } as Record<string, string>,
      fingerprintSha256: info.fingerprintSha256,
      publicKey: info.publicKey.description,
      chain: [record.certificate, ...record.chain].map((der) => {
        const item = describeCertificate(der);
        return { subject: item.subject, issuer: item.issuer, notAfter: item.notAfter };
      }),
    };
  }

  request(keyId: string): RequestView {
    const record = this.context.records.get(keyId);
    if (!record.request) throw new SigndeskError('ERR_NOT_FOUND', 'This key has no certification request', { keyId, context: 'noRequest' });
    return this.requestView(record);
  }

  requestView(record: KeyRecord): RequestView {
    const description = describeCertificationRequest(record.request!);
    return {
      subject: description.subject,
      publicKey: description.publicKey,
      signatureAlgorithm: description.signatureAlgorithm,
      attributes: [
        ...description.attributes,
        ...(record.phone ? [{ name: 'phone', value: record.phone }] : []),
        ...(record.caAddress ? [{ name: 'caAddress', value: record.caAddress }] : []),
      ],
      pem: description.pem,
      created: record.requestCreated ?? record.created,
      purpose: record.requestPurpose ?? 'new',
      sent: record.requestSent,
    };
  }

  private toView(record: KeyRecord, presentTokens: ReadonlySet<string>): CabinetKey {
    const info = record.certificate ? describeCertificate(record.certificate) : undefined;
    return {
      id: record.id,
      name: record.name,
      storage: record.storage,
      storageLabel: record.storage === 'token' ? (record.tokenLabel ?? '') : this.fileLabel(record),
      keyRef: record.keyRef,
      algorithm: record.algorithm,
      organisation: info?.organisation ?? null,
      edrpou: identifier(info, 'EDRPOU'),
      owner: info?.owner ?? null,
      rnokpp: identifier(info, 'RNOKPP'),
      position: info?.title ?? null,
      identifiers: { ...(info?.identifiers ?? {}) } as Record<string, string>,
      status: this.statusOf(record, info, presentTokens),
      created: record.created,
      notBefore: info?.notBefore ?? null,
      notAfter: info?.notAfter ?? null,
      hasCertificate: record.certificate !== null,
      hasRequest: record.request !== null,
      parentId: record.parentId,
      validityLimit: record.validityLimit,
      caProfileId: record.caProfileId,
      caHold: this.context.holdsAtCa(record),
      statementPath: record.statementPath,
    };
  }

  /**
   * The file name the user knows: an added file's own name, a file keygen wrote where the user said; a key the
   * wizards made in the cabinet's folder (named by its id) has none to show.
   */
  private fileLabel(record: KeyRecord): string {
    if (record.sourceName) return record.sourceName;
    const file = filePathOf(record);
    return path.dirname(file) === path.resolve(this.context.keysDir) ? '' : path.basename(file);
  }

  private statusOf(record: KeyRecord, info: CertificateInfo | undefined, presentTokens: ReadonlySet<string>): KeyStatus {
    if (record.blocked) return 'blocked';
    if (record.storage === 'token' && !presentTokens.has(record.tokenLabel ?? '')) return 'tokenAbsent';
    if (!info) return 'awaitingCertificate';
    if (record.lastStatus === 'revoked') return 'revoked';
    if (new Date(info.notAfter).getTime() < this.context.now().getTime()) return 'expired';
    return 'active';
  }
}
