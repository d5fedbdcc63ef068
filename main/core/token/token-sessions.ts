import type { PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import type { CachedSession } from './cached-session';
import { CKF_RW_SESSION, CKF_SERIAL_SESSION } from './pkcs11-constants';
import { LoginLeases } from './login-leases';
import { ckrOf, pkcs11Failure } from './pkcs11-errors';
import type { Pkcs11Module } from './pkcs11-module';
import { matchesRef, scanTokens, tokenKey, type PresentToken, type TokenRef } from './token-info';

export type { CachedSession } from './cached-session';

export type SessionTask<T> = (library: PKCS11, session: CachedSession) => T | Promise<T>;

/**
 * One cached session per token. `run` queues a task on the token's module with a session (opened on first use,
 * found by serial, never by slot id). When a task fails and the token turns out to be gone, the session is dropped
 * and the caller gets ERR_TOKEN_NOT_PRESENT; the next call looks for the token afresh.
 */
export class TokenSessions {
  private readonly sessions = new Map<string, CachedSession>();
  /** Further sessions on a token, besides its cached one, for signing on several at once (see `lanes`). */
  private readonly extraSessions = new Map<string, CachedSession[]>();
  /** Who holds each token's user login (see LoginLeases). */
  readonly leases = new LoginLeases();

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

  /**
   * Call inside a task of the session's module. `session` and up to `count - 1` more sessions on its token, opened
   * once and kept with it. The login state is the application's, so they are logged in while `session`'s login lease is held. Fewer
   * when the token allows no more sessions.
   */
  lanes(library: PKCS11, session: CachedSession, count: number): CachedSession[] {
    const key = tokenKey(session.ref);
    const extra = this.extraSessions.get(key) ?? [];
    this.extraSessions.set(key, extra);
    while (extra.length < count - 1) {
      let handle: Buffer;
      try {
        handle = library.C_OpenSession(session.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
      } catch {
        break;
      }
      session.module.noteSessionOpened(handle);
      extra.push({ ...session, handle });
    }
    return [session, ...extra.slice(0, count - 1)];
  }

  /** Call inside a task of the session's module. Closes the session and the token's extra sessions. */
  dropInTask(library: PKCS11, session: CachedSession): void {
    const key = tokenKey(session.ref);
    if (this.sessions.get(key) !== session) {
      closeSession(library, session);
      return;
    }
    this.sessions.delete(key);
    this.leases.forget(session);
    for (const extra of this.extraSessions.get(key) ?? []) closeSession(library, extra);
    this.extraSessions.delete(key);
    closeSession(library, session);
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

function closeSession(library: PKCS11, session: CachedSession): void {
  session.module.noteSessionClosed(session.handle);
  try {
    library.C_CloseSession(session.handle);
  } catch {
    // The token or the session is already gone: nothing left to close.
  }
}

function isPresent(library: PKCS11, session: CachedSession): boolean {
  try {
    return library.C_GetTokenInfo(session.slot).serialNumber.trimEnd() === session.ref.serial;
  } catch {
    return false;
  }
}
