import * as pkijs from 'pkijs';
import { certificateSpki } from '../crypto';
import type { KeyRecord } from './key-records';

/** The public key the cabinet already holds for a key: recorded when it was added, else from its latest request or certificate. */
export function knownPublicKey(record: KeyRecord): Buffer | undefined {
  if (record.publicKey) return Buffer.from(record.publicKey);
  try {
    if (record.request) return Buffer.from(pkijs.CertificationRequest.fromBER(record.request).subjectPublicKeyInfo.toSchema().toBER(false));
    if (record.certificate) return Buffer.from(certificateSpki(record.certificate));
  } catch {
    // An unreadable stored request is no reason to fail: the key itself is opened instead.
  }
  return undefined;
}
