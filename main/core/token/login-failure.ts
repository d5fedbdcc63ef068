import { SigndeskError } from '../../../preload/contract/errors';
import { pkcs11Failure } from './pkcs11-errors';
import { tokenFlagsFrom } from './token-flags';

/** What the token says about the remaining PIN tries (PKCS#11 has flags, not a number). */
export type TriesLeftHint = 'final' | 'low' | 'unknown';

export function triesLeftHint(flags: number): TriesLeftHint {
  const named = tokenFlagsFrom(flags);
  if (named.pinFinalTry) return 'final';
  if (named.pinCountLow) return 'low';
  return 'unknown';
}

/**
 * The error for a failed C_Login, given its CKR and the token flags re-read right after it. Pure, so the
 * tries-left / locked mapping is unit-tested even though SoftHSM2 has no retry counter.
 */
export function loginFailure(ckr: string | undefined, flagsAfter: number | undefined, cause?: unknown): SigndeskError {
  const named = flagsAfter === undefined ? undefined : tokenFlagsFrom(flagsAfter);
  if (ckr === 'CKR_PIN_LOCKED' || (ckr === 'CKR_PIN_INCORRECT' && named?.pinLocked)) {
    return new SigndeskError('ERR_PIN_LOCKED', 'The PIN is locked: too many wrong attempts', { ckr }, { cause });
  }
  if (ckr === 'CKR_PIN_INCORRECT') {
    const hint = flagsAfter === undefined ? 'unknown' : triesLeftHint(flagsAfter);
    const message =
      hint === 'final' ? 'The PIN is incorrect. One try is left before the PIN locks' : hint === 'low' ? 'The PIN is incorrect. Few tries are left' : 'The PIN is incorrect';
    return new SigndeskError('ERR_PIN_INCORRECT', message, { ckr, triesLeft: hint, pinCountLow: named?.pinCountLow ?? false, pinFinalTry: named?.pinFinalTry ?? false }, { cause });
  }
  return pkcs11Failure(cause ?? new Error(ckr ?? 'login failed'), 'C_Login');
}
