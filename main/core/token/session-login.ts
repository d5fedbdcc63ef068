import type { PKCS11 } from 'pkcs11js';
import { SigndeskError } from '../../../preload/contract/errors';
import { loginFailure } from './login-failure';
import { CKF_PROTECTED_AUTHENTICATION_PATH, CKU_USER } from './pkcs11-constants';
import { ckrOf } from './pkcs11-errors';
import { PIN_PAD } from './pin-pad';
import type { CachedSession } from './token-sessions';

/**
 * Call inside a module task. C_Login as the user; `null` uses the reader's PIN pad. Already logged in is success;
 * a wrong PIN becomes ERR_PIN_INCORRECT / ERR_PIN_LOCKED from the flags re-read right after. Never retried.
 */
export function loginOn(library: PKCS11, session: CachedSession, pin: string | null): void {
  const flags = library.C_GetTokenInfo(session.slot).flags;
  if (pin === null && (flags & CKF_PROTECTED_AUTHENTICATION_PATH) === 0) throw new SigndeskError('ERR_PIN_REQUIRED', 'This token has no PIN pad: a PIN is needed');
  try {
    library.C_Login(session.handle, CKU_USER, pin ?? PIN_PAD);
  } catch (error) {
    const ckr = ckrOf(error);
    if (ckr === 'CKR_USER_ALREADY_LOGGED_IN') return;
    if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_LOCKED') throw loginFailure(ckr, library.C_GetTokenInfo(session.slot).flags, error);
    throw error;
  }
}
