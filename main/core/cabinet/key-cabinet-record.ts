import type { CabinetKey } from '../../../preload/contract/domains/cabinet';

export const KEY_RECORD_STATUSES = ['active', 'blocked', 'expired', 'revoked', 'awaiting-certificate', 'token-absent', 'not-yet-valid'] as const;
export type KeyRecordStatus = (typeof KEY_RECORD_STATUSES)[number];

/** One key of the cabinet as `signdesk keys --json` prints it (../shared/CLI.md). */
export interface KeyCabinetRecord {
  id: string;
  name: string;
  storage: 'file' | 'token';
  owner: string | null;
  organisation: string | null;
  /** By name: `{ "EDRPOU": "41234567", "RNOKPP": "…" }`. */
  identifiers: Record<string, string>;
  status: KeyRecordStatus;
  created: string;
  notBefore: string | null;
  notAfter: string | null;
  keyRef: string;
}

const STATUS_NAMES: Record<CabinetKey['status'], KeyRecordStatus> = {
  active: 'active',
  blocked: 'blocked',
  expired: 'expired',
  revoked: 'revoked',
  awaitingCertificate: 'awaiting-certificate',
  tokenAbsent: 'token-absent',
};

/** The cabinet's view of a key in the CLI's shape; a certificate whose validity has not begun is `not-yet-valid`. */
export function keyCabinetRecord(key: CabinetKey, now: Date = new Date()): KeyCabinetRecord {
  let status = STATUS_NAMES[key.status];
  if (status === 'active' && key.notBefore !== null && new Date(key.notBefore).getTime() > now.getTime()) status = 'not-yet-valid';
  return {
    id: key.id,
    name: key.name,
    storage: key.storage,
    owner: key.owner,
    organisation: key.organisation,
    identifiers: { ...key.identifiers },
    status,
    created: key.created,
    notBefore: key.notBefore,
    notAfter: key.notAfter,
    keyRef: key.keyRef,
  };
}
