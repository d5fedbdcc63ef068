import type { Mechanism, PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { loginFailure } from './login-failure';
import { CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS, CKU_CONTEXT_SPECIFIC } from './pkcs11-constants';
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

interface SignRequest {
  mechanism: Mechanism;
  data: Uint8Array;
  maxSignatureLength: number;
  resolve(signature: Uint8Array): void;
  reject(error: unknown): void;
}

/**
 * How long one module task may keep signing. Signatures asked for while a task is queued are made together in
 * it with synchronous C_Sign calls (no thread-pool round trip per signature), but the event loop gets a turn
 * at least this often, and other callers of the module wait no longer than this.
 */
const TASK_BUDGET_MS = 4;
/**
 * Synchronous C_Signs slower than this (a smart card, not a software token) would freeze the app's main thread:
 * after a few in a row (one could be the machine being busy), this key signs with C_SignAsync, one per task.
 * (SoftHSM2's RSA-2048 at ~0.5 ms stays synchronous: C_SignAsync for it measured ~15% slower end to end.)
 */
const SYNC_SIGNATURE_LIMIT_MS = 5;
const SLOW_SIGNATURES_BEFORE_ASYNC = 3;

export class TokenKeySigner implements RawTokenSigner {
  /** The key's handle, valid for as long as the session it was found in. */
  private handles = new WeakMap<CachedSession, Buffer>();
  private pending: SignRequest[] = [];
  private scheduled = false;
  private signSynchronously = true;
  private slowInARow = 0;

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

  /** One module task for the requests pending now; setImmediate lets every caller of this turn join it. */
  private schedule(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      let current: SignRequest | undefined;
      this.sessions
        .run(this.options.token, 'C_Sign', async (library, session) => {
          const deadline = performance.now() + TASK_BUDGET_MS;
          do {
            current = this.pending.shift();
            if (!current) return;
            current.resolve(await this.signOne(library, session, current));
            current = undefined;
          } while (this.signSynchronously && performance.now() < deadline);
        })
        // A failure before any request was taken (no token, no session) answers the oldest one.
        .catch((error: unknown) => (current ?? this.pending.shift())?.reject(error))
        .finally(() => {
          this.scheduled = false;
          this.schedule();
        });
    });
  }

  private signOne(library: PKCS11, session: CachedSession, request: SignRequest): Uint8Array | Promise<Uint8Array> {
    if (this.options.alwaysAuthenticate && this.options.pin === undefined) {
      throw new SigndeskError('ERR_PIN_REQUIRED', 'This key asks for the PIN before every signature');
    }
    const key = this.handles.get(session) ?? this.findKey(library, session);
    library.C_SignInit(session.handle, request.mechanism, key);
    if (this.options.alwaysAuthenticate) {
      try {
        library.C_Login(session.handle, CKU_CONTEXT_SPECIFIC, this.options.pin ?? PIN_PAD);
      } catch (error) {
        // The signing operation stays active after a failed context login; only closing the session ends it.
        this.sessions.dropInTask(library, session);
        throw loginFailure(ckrOf(error), library.C_GetTokenInfo(session.slot).flags, error);
      }
    }
    const data = Buffer.from(request.data);
    const output = Buffer.alloc(request.maxSignatureLength);
    if (!this.signSynchronously) return library.C_SignAsync(session.handle, data, output).then((signature) => new Uint8Array(signature));
    const started = performance.now();
    const signature = library.C_Sign(session.handle, data, output);
    this.slowInARow = performance.now() - started > SYNC_SIGNATURE_LIMIT_MS ? this.slowInARow + 1 : 0;
    if (this.slowInARow >= SLOW_SIGNATURES_BEFORE_ASYNC) this.signSynchronously = false;
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
