import type { PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { CallQueue } from './call-queue';
import { CKF_OS_LOCKING_OK } from './pkcs11-constants';
import { ckrOf } from './pkcs11-errors';
import { SigningThreads } from './signing-threads';

export interface ModuleIdentity {
  path: string;
  name: string;
  rescanByReinitialize: boolean;
}

/**
 * One loaded PKCS#11 library. Every call goes through `call`, one at a time (see CallQueue). It is initialised with
 * CKF_OS_LOCKING_OK on first use and finalised only when nothing is queued and no session is open.
 */
export class Pkcs11Module {
  readonly path: string;
  readonly name: string;
  readonly rescanByReinitialize: boolean;
  private readonly queue = new CallQueue();
  private readonly openSessions = new Set<string>();
  private library: PKCS11 | undefined;
  private threads: SigningThreads | undefined;
  /** True from C_Initialize until the first scan after it: a rescan right then would find nothing new. */
  private freshlyInitialized = false;
  private closed = false;

  constructor(identity: ModuleIdentity) {
    this.path = identity.path;
    this.name = identity.name;
    this.rescanByReinitialize = identity.rescanByReinitialize;
  }

  get loaded(): boolean {
    return this.library !== undefined;
  }

  /** No open session: C_Finalize would not pull anything from under a caller. */
  get idle(): boolean {
    return this.openSessions.size === 0;
  }

  /** Runs `task` with the library, after everything queued before it; loads the library on first use. */
  call<T>(task: (library: PKCS11) => T | Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (this.closed) throw new SigndeskError('ERR_INTERNAL', `The PKCS#11 library ${this.path} was closed`);
      return task(this.library ?? (await this.loadNow()));
    });
  }

  /** Loads and initialises now, so that a missing or broken library is reported early. */
  load(): Promise<void> {
    return this.call(() => undefined);
  }

  noteSessionOpened(session: Buffer): void {
    this.openSessions.add(session.toString('hex'));
  }

  noteSessionClosed(session: Buffer): void {
    this.openSessions.delete(session.toString('hex'));
  }

  /** Call inside a task. Consumes the "fresh" mark: tells a scanner whether re-initialising could show news. */
  takeFreshness(): boolean {
    const fresh = this.freshlyInitialized;
    this.freshlyInitialized = false;
    return fresh;
  }

  /**
   * Call inside a task. C_Finalize + C_Initialize when no session is open, so libraries that only discover tokens at
   * initialisation (SoftHSM2) see tokens that appeared or went away. Returns whether it happened.
   */
  reinitializeIfIdle(library: PKCS11): boolean {
    if (!this.idle) return false;
    library.C_Finalize();
    library.C_Initialize({ flags: CKF_OS_LOCKING_OK });
    return true;
  }

  get hasSigningThreads(): boolean {
    return this.threads !== undefined;
  }

  /** Threads that sign for a software token on this library (see SigningThreads); started on first use. */
  signingThreads(count: number): SigningThreads {
    this.threads ??= new SigningThreads(this.path, count);
    return this.threads;
  }

  /** Finalises and unloads once everything queued has run. Sessions still open are closed by C_Finalize. */
  async close(): Promise<void> {
    await this.queue.run(async () => {
      this.closed = true;
      const threads = this.threads;
      this.threads = undefined;
      await threads?.close();
      const library = this.library;
      this.library = undefined;
      this.openSessions.clear();
      if (!library) return;
      try {
        library.C_Finalize();
      } finally {
        library.close();
      }
    });
  }

  private async loadNow(): Promise<PKCS11> {
    let library: PKCS11;
    try {
      const binding = (await import('pkcs11js')).default;
      library = new binding.PKCS11();
      library.load(this.path);
    } catch (error) {
      throw new SigndeskError('ERR_MODULE_LOAD_FAILED', `Cannot load the PKCS#11 library ${this.path}: ${(error as Error).message}`, { modulePath: this.path }, { cause: error });
    }
    try {
      library.C_Initialize({ flags: CKF_OS_LOCKING_OK });
    } catch (error) {
      if (ckrOf(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        library.close();
        throw new SigndeskError('ERR_MODULE_LOAD_FAILED', `The PKCS#11 library ${this.path} failed to initialise: ${(error as Error).message}`, { modulePath: this.path }, { cause: error });
      }
    }
    this.library = library;
    this.freshlyInitialized = true;
    return library;
  }
}
