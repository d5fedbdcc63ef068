import crypto from 'node:crypto';
import type { PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { loginFailure } from './login-failure';
import { CKF_LOGIN_REQUIRED, CKF_PROTECTED_AUTHENTICATION_PATH, CKU_USER } from './pkcs11-constants';
import { ckrOf, pkcs11Failure } from './pkcs11-errors';
import { PIN_PAD } from './pin-pad';
import type { CachedSession } from './cached-session';
import { tokenKey } from './token-info';

/** A user login held for the length of one user operation (a batch, a key request, a certificate import). */
interface Lease {
  holders: number;
  /** The PIN that proved this login, kept in memory only while an operation holds it; null: the PIN pad. */
  pin: string | null;
}

/**
 * Every user operation proves its own PIN. PKCS#11 shares the login state among all the sessions an application
 * (this process) has on a token, so a login left open would let any later PIN through as "already logged in".
 * Instead: the first operation on a logged-out token logs in with its PIN; operations that overlap it must give
 * the same PIN (compared here, since logging out under a running batch would stop it); the last one to finish
 * logs the token out. Another process has its own login state, so a PIN typed in the CLI never unlocks the app.
 */
export class LoginLeases {
  private readonly leases = new Map<string, Lease>();

  /**
   * Call inside a task of the session's module. `undefined`: no PIN given. A token that requires no login is
   * leased without one. A wrong PIN is refused every time, with the tries-left flags, and never retried.
   */
  acquire(library: PKCS11, session: CachedSession, pin: string | null | undefined): void {
    const key = tokenKey(session.ref);
    const flags = library.C_GetTokenInfo(session.slot).flags;
    const held = this.leases.get(key);
    if ((flags & CKF_LOGIN_REQUIRED) === 0) {
      this.leases.set(key, { holders: (held?.holders ?? 0) + 1, pin: held?.pin ?? null });
      return;
    }
    if (pin === undefined) throw new SigndeskError('ERR_PIN_REQUIRED', 'The token asks for its PIN', { serial: session.ref.serial });
    if (pin === null && (flags & CKF_PROTECTED_AUTHENTICATION_PATH) === 0) throw new SigndeskError('ERR_PIN_REQUIRED', 'This token has no PIN pad: a PIN is needed');
    if (held && held.holders > 0) {
      if (pin !== null && held.pin !== null) {
        if (!sameSecret(pin, held.pin)) throw loginFailure('CKR_PIN_INCORRECT', flags);
        held.holders++;
        return;
      }
      throw new SigndeskError('ERR_BUSY', 'The token is busy with another operation that used its PIN pad: try again when it ends', { serial: session.ref.serial });
    }
    logoutQuietly(library, session);
    try {
      library.C_Login(session.handle, CKU_USER, pin ?? PIN_PAD);
    } catch (error) {
      const ckr = ckrOf(error);
      if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_LOCKED') throw loginFailure(ckr, library.C_GetTokenInfo(session.slot).flags, error);
      throw pkcs11Failure(error, 'C_Login', { serial: session.ref.serial });
    }
    this.leases.set(key, { holders: 1, pin });
  }

  /** Call inside a task of the session's module. The last holder logs the token out. */
  release(library: PKCS11, session: CachedSession): void {
    const key = tokenKey(session.ref);
    const held = this.leases.get(key);
    if (!held) return;
    held.holders--;
    if (held.holders > 0) return;
    this.leases.delete(key);
    logoutQuietly(library, session);
  }

  /** The token went away: its login state went with it. */
  forget(session: CachedSession): void {
    this.leases.delete(tokenKey(session.ref));
  }

  holders(session: CachedSession): number {
    return this.leases.get(tokenKey(session.ref))?.holders ?? 0;
  }
}

function logoutQuietly(library: PKCS11, session: CachedSession): void {
  try {
    library.C_Logout(session.handle);
  } catch (error) {
    const ckr = ckrOf(error);
    if (ckr !== 'CKR_USER_NOT_LOGGED_IN' && ckr !== 'CKR_SESSION_HANDLE_INVALID' && ckr !== 'CKR_DEVICE_REMOVED' && ckr !== 'CKR_TOKEN_NOT_PRESENT') throw error;
  }
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}
