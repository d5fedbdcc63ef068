import type { CabinetKey } from '../../../preload/contract/domains/cabinet';
import type { AgentKeyView } from '../../../preload/contract/domains/agent';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CabinetService } from '../cabinet';
import { describeCertificate } from '../pki';

/** A cabinet key as the agent offers it to callers: metadata and certificates, never key material. */
export interface AgentKey {
  id: string;
  name: string;
  owner: string | null;
  organisation: string | null;
  identifiers: Record<string, string>;
  storage: 'file' | 'token';
  storageLabel: string;
  status: CabinetKey['status'];
  /** The KeyRef the batch engine opens (never shown to callers). */
  keyRef: string;
  certificate: {
    subject: string;
    issuer: string;
    serial: string;
    notBefore: string;
    notAfter: string;
    /** DER, base64. */
    der: string;
    chain: string[];
  };
}

/** The cabinet keys that can sign (a certificate, not blocked), and one of them by id. */
export class AgentKeys {
  constructor(private readonly cabinet: () => CabinetService) {}

  async list(): Promise<AgentKey[]> {
    const keys = await this.cabinet().list();
    return keys.filter((key) => key.hasCertificate && key.status !== 'blocked').map((key) => this.withCertificate(key));
  }

  async get(keyId: string): Promise<AgentKey> {
    const record = this.cabinet().records.find(keyId);
    if (!record) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No key ${keyId} in the cabinet`, { keyId });
    const key = await this.cabinet().key(keyId);
    if (!key.hasCertificate) throw new SigndeskError('ERR_KEY_NOT_FOUND', `The key ${keyId} has no certificate`, { keyId });
    if (key.status === 'blocked') throw new SigndeskError('ERR_KEY_BLOCKED', `The key "${key.name}" is blocked in the cabinet`, { keyId });
    return this.withCertificate(key);
  }

  private withCertificate(key: CabinetKey): AgentKey {
    const record = this.cabinet().records.get(key.id);
    const der = record.certificate!;
    const info = describeCertificate(der);
    return {
      id: key.id,
      name: key.name,
      owner: key.owner,
      organisation: key.organisation,
      identifiers: key.identifiers,
      storage: key.storage,
      storageLabel: key.storageLabel,
      status: key.status,
      keyRef: key.keyRef,
      certificate: {
        subject: info.subject,
        issuer: info.issuer,
        serial: info.serial,
        notBefore: info.notBefore,
        notAfter: info.notAfter,
        der: Buffer.from(der).toString('base64'),
        chain: record.chain.map((item) => Buffer.from(item).toString('base64')),
      },
    };
  }
}

export function keyView(key: AgentKey): AgentKeyView {
  return { id: key.id, name: key.name, owner: key.owner, storage: key.storage, storageLabel: key.storageLabel };
}
