import type { PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { CKF_RW_SESSION, CKF_SERIAL_SESSION } from './pkcs11-constants';
import { ckrOf, pkcs11Failure } from './pkcs11-errors';
import type { Pkcs11Module } from './pkcs11-module';
import { matchesRef, scanTokens, tokenKey, type PresentToken, type TokenRef } from './token-info';

/** An open session on one token, reused by every operation on it until the token goes away. */
export interface CachedSession {
  readonly module: Pkcs11Module;
  readonly slot: Buffer;
  readonly handle: Buffer;
  readonly ref: TokenRef;
}

export type SessionTask<T> = (library: PKCS11, session: CachedSession) => T | Promise<T>;

/**
 * One cached session per token. `run` queues a task on the token's module with a session (opened on first use,
 * found by serial, never by slot id). When a task fails and the token turns out to be gone, the session is dropped
 * and the caller gets ERR_TOKEN_NOT_PRESENT; the next call looks for the token afresh.
 */
export class TokenSessions {
  private readonly sessions = new Map<string, CachedSession>();

  constructor(private readonly moduleFor: (modulePath: string) => Pkcs11Module) {}

  run<T>(ref: TokenRef, operation: string, task: SessionTask<T>): Promise<T> {
    const module = this.moduleFor(ref.modulePath);
    return module.call(async (library) => {
      const session = this.sessions.get(tokenKey(ref)) ?? this.open(module, library, ref);
      try {
        return await task(library, session);
      } catch (error) {
        if (!isPresent(library, session)) {
          this.dropInTask(library, session);
          throw new SigndeskError('ERR_TOKEN_NOT_PRESENT', `The token "${ref.label ?? ref.serial}" is not present`, { serial: ref.serial }, { cause: error });
        }
        const failure = pkcs11Failure(error, operation, { serial: ref.serial });
        if (failure.code === 'ERR_TOKEN_NOT_PRESENT') this.dropInTask(library, session);
        throw failure;
      }
    });
  }

  /** Whether a session on this token is cached (the token was used and has not gone away since). */
  has(ref: TokenRef): boolean {
    return this.sessions.has(tokenKey(ref));
  }

  /** Closes and forgets the token's session (the watcher saw it go, or the caller is done with it). */
  async drop(ref: TokenRef): Promise<void> {
    const session = this.sessions.get(tokenKey(ref));
    if (!session) return;
    await session.module.call((library) => this.dropInTask(library, session));
  }

  async dropAll(): Promise<void> {
    for (const session of [...this.sessions.values()]) await this.drop(session.ref);
  }

  /** Call inside a task of the session's module. */
  dropInTask(library: PKCS11, session: CachedSession): void {
    if (this.sessions.get(tokenKey(session.ref)) === session) this.sessions.delete(tokenKey(session.ref));
    session.module.noteSessionClosed(session.handle);
    try {
      library.C_CloseSession(session.handle);
    } catch {
      // The token or the session is already gone: nothing left to close.
    }
  }

  private open(module: Pkcs11Module, library: PKCS11, ref: TokenRef): CachedSession {
    const present = locate(module, library, ref);
    let handle: Buffer;
    try {
      handle = library.C_OpenSession(present.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
    } catch (error) {
      if (ckrOf(error) !== 'CKR_TOKEN_WRITE_PROTECTED') throw pkcs11Failure(error, 'C_OpenSession', { serial: ref.serial });
      handle = library.C_OpenSession(present.slot, CKF_SERIAL_SESSION);
    }
    module.noteSessionOpened(handle);
    const session: CachedSession = { module, slot: present.slot, handle, ref: { modulePath: ref.modulePath, serial: ref.serial, label: present.info.label } };
    this.sessions.set(tokenKey(ref), session);
    return session;
  }
}

/** Call inside a module task: the token's current slot, rescanning once if it is not there. */
export function locate(module: Pkcs11Module, library: PKCS11, ref: TokenRef): PresentToken {
  const find = (rescan: boolean) => scanTokens(module, library, { rescan }).find((token) => matchesRef(token.info, ref));
  const present = find(false) ?? find(true);
  if (!present) throw new SigndeskError('ERR_TOKEN_NOT_PRESENT', `The token "${ref.label ?? ref.serial}" is not present`, { serial: ref.serial, modulePath: ref.modulePath });
  return present;
}

function isPresent(library: PKCS11, session: CachedSession): boolean {
  try {
    return library.C_GetTokenInfo(session.slot).serialNumber.trimEnd() === session.ref.serial;
  } catch {
    return false;
  }
}
