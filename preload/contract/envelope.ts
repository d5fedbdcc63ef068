import type { ErrorPayload } from './errors';

/** What crosses IPC for every call: Electron keeps only the message of a thrown error, so results are wrapped. */
export type Envelope<R> = { ok: true; value: R } | { ok: false; error: ErrorPayload };
