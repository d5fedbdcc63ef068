import type { Mechanism } from 'pkcs11js';

/** What a signing thread is started with. */
export interface SigningThreadData {
  /** pkcs11js resolved on disk (unpacked next to app.asar in the packaged app). */
  pkcs11js: string;
  modulePath: string;
}

/** One job: C_SignInit + C_Sign over each item, on one session, with one key. */
export interface SigningThreadJob {
  id: number;
  session: Uint8Array;
  key: Uint8Array;
  mechanism: Mechanism;
  items: readonly Uint8Array[];
  maxSignatureLength: number;
}

/** The thread's start-up answer, or a job's: the signatures made in order and, when one failed, its CKR. */
export interface SigningThreadReply {
  ready?: boolean;
  message?: string;
  id?: number;
  signatures?: Uint8Array[];
  error?: string;
  elapsedMs?: number;
}
