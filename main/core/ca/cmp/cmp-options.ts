import type { SigningKey } from '../../crypto';
import type { CmpTransport } from './cmp-transport';

/** How our messages are authenticated: reference number + shared secret (ir), or the current key (cr, kur, rr). */
export type CmpAuthentication =
  | { kind: 'mac'; reference: string; secret: string }
  | { kind: 'signature'; key: SigningKey };

export interface CmpClientOptions {
  serverUrl: string;
  authentication: CmpAuthentication;
  /** Certificates trusted to sign the CA's responses: the CA / CMP server certificate or its issuer. */
  trusted?: readonly Uint8Array[];
  transport?: CmpTransport;
  /** Longest total wait for delayed issuance (pollReq / pollRep). Default 10 minutes. */
  pollTimeoutMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}
