import { availableParallelism } from 'node:os';
import type { Mechanism, PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { loginFailure } from './login-failure';
import { CKF_HW_SLOT, CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS, CKU_CONTEXT_SPECIFIC } from './pkcs11-constants';
import { ckrOf } from './pkcs11-errors';
import { findObjects, privateKeyTemplate } from './token-objects';
import type { TokenRef } from './token-info';
import { PIN_PAD } from './pin-pad';
import type { CachedSession, TokenSessions } from './token-sessions';

/** The token side of a Pkcs11SigningKey: one raw C_SignInit + C_Sign on the key, queued on its module. */
export interface RawTokenSigner {
  signRaw(mechanism: Mechanism, data: Uint8Array, maxSignatureLength: number): Promise<Uint8Array>;
}

export interface TokenKeySignerOptions {
  token: TokenRef;
  /** CKA_ID, hex. */
  keyId: string;
  /** CKA_ALWAYS_AUTHENTICATE: log in with CKU_CONTEXT_SPECIFIC after every C_SignInit. */
  alwaysAuthenticate: boolean;
  /** For the context-specific login only; null on a PIN-pad reader. */
  pin?: string | null;
}

function sameMechanism(a: SignRequest, b: SignRequest): boolean {
  return (
    a.mechanism.mechanism === b.mechanism.mechanism &&
    a.maxSignatureLength === b.maxSignatureLength &&
    JSON.stringify(a.mechanism.parameter ?? null) === JSON.stringify(b.mechanism.parameter ?? null)
  );
}

/** The request a failing task was signing, to be answered with the task's error. */
interface TaskState {
  failed?: SignRequest;
}

interface SignRequest {
  mechanism: Mechanism;
  data: Uint8Array;
  maxSignatureLength: number;
  resolve(signature: Uint8Array): void;
  reject(error: unknown): void;
}

/**
 * How long one module task may keep signing. Signatures asked for while a task is queued are made together in
 * it, but the event loop gets a turn at least this often, and other callers of the module wait no longer than this.
 */
const TASK_BUDGET_MS = 4;
/**
 * Synchronous C_Signs slower than this (a smart card, not a software token) would freeze the app's main thread:
 * after a few in a row (one could be the machine being busy), this key signs with C_SignAsync, one per task.
 */
const SYNC_SIGNATURE_LIMIT_MS = 5;
const SLOW_SIGNATURES_BEFORE_ASYNC = 3;
/**
 * A software token (its slot lacks CKF_HW_SLOT) signs with the host's CPU: its signatures are made on signing
 * threads, one per core, each on a session of its own, C_SignInit included (see SigningThreads). A device
 * signs one at a time, on the main thread (`sync`) or, when slow, on the thread pool (`async`).
 */
const SOFTWARE_TOKEN_THREADS = Math.max(1, Math.min(8, availableParallelism()));
/** How long one module task keeps the signing threads fed with pending requests. */
const THREAD_TASK_MS = 20;
/** One job (a message to a thread) carries about this much signing, estimated from the threads' own timing. */
const THREAD_JOB_MS = 4;
const MAX_SIGNATURES_PER_JOB = 128;
/** A thread has its next job queued while it signs one, so it does not idle while the main thread is busy. */
const JOBS_QUEUED_PER_THREAD = 2;

type SigningMode = 'threads' | 'sync' | 'async';

export class TokenKeySigner implements RawTokenSigner {
  /** The key's handle, valid for as long as the session it was found in. */
  private handles = new WeakMap<CachedSession, Buffer>();
  private pending: SignRequest[] = [];
  private scheduled = false;
  private mode: SigningMode | undefined;
  private slowInARow = 0;
  /** Milliseconds per signature on a signing thread, a running estimate; sizes the threads' share of a task. */
  private threadSignatureMs = 1;

  constructor(
    private readonly sessions: TokenSessions,
    private readonly options: TokenKeySignerOptions,
  ) {}

  signRaw(mechanism: Mechanism, data: Uint8Array, maxSignatureLength: number): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.push({ mechanism, data, maxSignatureLength, resolve, reject });
      this.schedule();
    });
  }

  /**
   * One module task for the requests pending now; setImmediate lets every caller of this turn join it. The calls
   * stay inside the module's queue: a task ends only when all its signatures have, on the signing threads too.
   */
  private schedule(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      const task: TaskState = {};
      this.sessions
        .run(this.options.token, 'C_Sign', (library, session) => {
          this.mode ??= this.chooseMode(library, session);
          return this.mode === 'threads' ? this.signOnThreads(library, session, task) : this.signInTurn(library, session, task);
        })
        // A failure before any request was taken (no token, no session) answers the oldest one.
        .catch((error: unknown) => (task.failed ?? this.pending.shift())?.reject(error))
        .finally(() => {
          this.scheduled = false;
          this.schedule();
        });
    });
  }

  private chooseMode(library: PKCS11, session: CachedSession): SigningMode {
    const softwareToken = (library.C_GetSlotInfo(session.slot).flags & CKF_HW_SLOT) === 0;
    return softwareToken && !this.options.alwaysAuthenticate ? 'threads' : 'sync';
  }

  private async signInTurn(library: PKCS11, session: CachedSession, task: TaskState): Promise<void> {
    const deadline = performance.now() + TASK_BUDGET_MS;
    do {
      const request = this.pending.shift();
      if (!request) return;
      task.failed = request;
      request.resolve(this.mode === 'async' ? await this.signAsync(library, session, request) : this.signSync(library, session, request));
      task.failed = undefined;
    } while (this.mode === 'sync' && performance.now() < deadline);
  }

  /**
   * Feeds the pending requests to the signing threads, in jobs of a few milliseconds, for up to THREAD_TASK_MS,
   * and waits for every job. A thread stops a job at its first failure: that request gets the error (mapped by
   * TokenSessions.run) and what no thread reached waits for the next task. Threads that cannot start leave this
   * key signing in turn on the main thread.
   */
  private async signOnThreads(library: PKCS11, session: CachedSession, task: TaskState): Promise<void> {
    // Starting the threads costs more than one signature: a lone one (a single document) is made here.
    if (!session.module.hasSigningThreads && this.pending.length === 1) return this.signInTurn(library, session, task);
    const threads = session.module.signingThreads(SOFTWARE_TOKEN_THREADS);
    try {
      await threads.ready();
    } catch {
      this.mode = 'sync';
      return this.signInTurn(library, session, task);
    }
    const lanes = this.sessions.lanes(library, session, threads.size);
    const keys = lanes.map((lane) => this.handles.get(lane) ?? this.findKey(library, lane));
    const deadline = performance.now() + THREAD_TASK_MS;
    let failure: { error: unknown } | undefined;
    const unreached: SignRequest[] = [];

    const runJob = async (index: number, share: SignRequest[]) => {
      const { signatures, error, elapsedMs } = await threads.run(index, {
        session: lanes[index]!.handle,
        key: keys[index]!,
        mechanism: share[0]!.mechanism,
        items: share.map((request) => request.data),
        maxSignatureLength: share[0]!.maxSignatureLength,
      });
      if (signatures.length > 0) this.threadSignatureMs = 0.7 * this.threadSignatureMs + 0.3 * Math.max(0.005, elapsedMs / signatures.length);
      signatures.forEach((signature, position) => share[position]!.resolve(signature));
      if (!error) return;
      const rest = share.slice(signatures.length);
      if (!failure) {
        failure = { error };
        task.failed = rest.shift();
      }
      unreached.push(...rest);
    };
    const feed = async (index: number) => {
      const queued: Array<Promise<void>> = [];
      for (;;) {
        while (queued.length < JOBS_QUEUED_PER_THREAD && !failure && performance.now() < deadline) {
          const share = this.takeAlike(Math.max(1, Math.min(MAX_SIGNATURES_PER_JOB, Math.floor(THREAD_JOB_MS / this.threadSignatureMs))));
          if (share.length === 0) break;
          queued.push(runJob(index, share));
        }
        const next = queued.shift();
        if (!next) return;
        await next;
      }
    };
    await Promise.all(lanes.map((_, index) => feed(index)));
    this.pending.unshift(...unreached);
    if (failure) throw failure.error;
  }

  /** Up to `count` pending requests from the front that share the first one's mechanism (one job, one mechanism). */
  private takeAlike(count: number): SignRequest[] {
    const first = this.pending[0];
    if (!first) return [];
    let end = 1;
    while (end < count && end < this.pending.length && sameMechanism(this.pending[end]!, first)) end++;
    return this.pending.splice(0, end);
  }

  /** C_SignInit on the key, then the context-specific login the key may demand. */
  private begin(library: PKCS11, session: CachedSession, request: SignRequest): void {
    if (this.options.alwaysAuthenticate && this.options.pin === undefined) {
      throw new SigndeskError('ERR_PIN_REQUIRED', 'This key asks for the PIN before every signature');
    }
    const key = this.handles.get(session) ?? this.findKey(library, session);
    library.C_SignInit(session.handle, request.mechanism, key);
    if (!this.options.alwaysAuthenticate) return;
    try {
      library.C_Login(session.handle, CKU_CONTEXT_SPECIFIC, this.options.pin ?? PIN_PAD);
    } catch (error) {
      // The signing operation stays active after a failed context login; only closing the session ends it.
      this.sessions.dropInTask(library, session);
      throw loginFailure(ckrOf(error), library.C_GetTokenInfo(session.slot).flags, error);
    }
  }

  private async signAsync(library: PKCS11, session: CachedSession, request: SignRequest): Promise<Uint8Array> {
    this.begin(library, session, request);
    return new Uint8Array(await library.C_SignAsync(session.handle, Buffer.from(request.data), Buffer.alloc(request.maxSignatureLength)));
  }

  private signSync(library: PKCS11, session: CachedSession, request: SignRequest): Uint8Array {
    this.begin(library, session, request);
    const started = performance.now();
    const signature = library.C_Sign(session.handle, Buffer.from(request.data), Buffer.alloc(request.maxSignatureLength));
    this.slowInARow = performance.now() - started > SYNC_SIGNATURE_LIMIT_MS ? this.slowInARow + 1 : 0;
    if (this.slowInARow >= SLOW_SIGNATURES_BEFORE_ASYNC) this.mode = 'async';
    return new Uint8Array(signature);
  }

  private findKey(library: PKCS11, session: CachedSession): Buffer {
    const [key] = findObjects(library, session.handle, privateKeyTemplate({ id: Buffer.from(this.options.keyId, 'hex') }));
    if (!key) {
      const state = library.C_GetSessionInfo(session.handle).state;
      const loggedIn = state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
      if (!loggedIn) throw new SigndeskError('ERR_PIN_REQUIRED', 'Log in to the token again to use this key', { serial: this.options.token.serial });
      throw new SigndeskError('ERR_KEY_NOT_FOUND', `No private key with id ${this.options.keyId} on the token`, { serial: this.options.token.serial });
    }
    this.handles.set(session, key);
    return key;
  }
}
