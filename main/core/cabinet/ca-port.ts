/**
 * What the cabinet needs from the CA connector (CMP): a certificate for a temporary key, requested with
 * the main key's authentication and bound to the new key when it arrives. The CA feature's CaService
 * provides it (adapted in `ca-service-port.ts`).
 */
export interface CabinetCaPort {
  /** true when a CA with a CMP address is configured (a CA profile in Settings). */
  configured(): boolean;
  requestTemporaryCertificate(input: { authKeyRef: string; keyRef: string; notAfter: Date; authSecret: string; newSecret: string }): Promise<void>;
  /** kur: renews `keyRef`'s certificate for the new key `newKeyRef`, authenticated by the current key. */
  updateKey(input: { keyRef: string; newKeyRef: string; secret: string; newSecret: string }): Promise<void>;
}
