import { describe, expect, it } from 'vitest';
import { loginFailure, triesLeftHint } from '../../main/core/token/login-failure';
import { ckrOf, isTokenGone, pkcs11Failure } from '../../main/core/token/pkcs11-errors';
import { CKF_LOGIN_REQUIRED, CKF_PROTECTED_AUTHENTICATION_PATH, CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED, CKF_USER_PIN_TO_BE_CHANGED } from '../../main/core/token/pkcs11-constants';
import { tokenFlagsFrom } from '../../main/core/token/token-flags';

/** pkcs11js throws errors whose message is the CKR name. */
const ckrError = (name: string) => Object.assign(new Error(name), { code: 0xa0 });

describe('token flags and login failures', () => {
  it('names the token flags', () => {
    expect(tokenFlagsFrom(CKF_LOGIN_REQUIRED | CKF_PROTECTED_AUTHENTICATION_PATH | CKF_USER_PIN_TO_BE_CHANGED)).toMatchObject({
      loginRequired: true,
      protectedAuthPath: true,
      pinToBeChanged: true,
      pinCountLow: false,
      pinFinalTry: false,
      pinLocked: false,
      tokenInitialized: false,
    });
    expect(tokenFlagsFrom(0x42d)).toMatchObject({ hasRng: true, loginRequired: true, userPinInitialized: true, tokenInitialized: true, writeProtected: false });
  });

  it('maps the remaining-tries flags re-read after a wrong PIN', () => {
    expect(triesLeftHint(0)).toBe('unknown');
    expect(triesLeftHint(CKF_USER_PIN_COUNT_LOW)).toBe('low');
    expect(triesLeftHint(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY)).toBe('final');

    expect(loginFailure('CKR_PIN_INCORRECT', 0)).toMatchObject({ code: 'ERR_PIN_INCORRECT', details: { triesLeft: 'unknown', pinCountLow: false, pinFinalTry: false } });
    expect(loginFailure('CKR_PIN_INCORRECT', CKF_USER_PIN_COUNT_LOW)).toMatchObject({ code: 'ERR_PIN_INCORRECT', details: { triesLeft: 'low', pinCountLow: true } });
    const finalTry = loginFailure('CKR_PIN_INCORRECT', CKF_USER_PIN_FINAL_TRY);
    expect(finalTry).toMatchObject({ code: 'ERR_PIN_INCORRECT', details: { triesLeft: 'final', pinFinalTry: true } });
    expect(finalTry.message).toMatch(/one try is left/i);
    expect(loginFailure('CKR_PIN_INCORRECT', undefined)).toMatchObject({ code: 'ERR_PIN_INCORRECT', details: { triesLeft: 'unknown' } });
  });

  it('reports a locked PIN, whether the token says so in the CKR or only in the flags after the last wrong try', () => {
    expect(loginFailure('CKR_PIN_LOCKED', 0).code).toBe('ERR_PIN_LOCKED');
    expect(loginFailure('CKR_PIN_INCORRECT', CKF_USER_PIN_LOCKED).code).toBe('ERR_PIN_LOCKED');
  });

  it('maps other login failures through the general mapping', () => {
    expect(loginFailure('CKR_PIN_LEN_RANGE', 0, ckrError('CKR_PIN_LEN_RANGE')).code).toBe('ERR_PIN_INVALID');
    expect(loginFailure('CKR_DEVICE_REMOVED', undefined, ckrError('CKR_DEVICE_REMOVED')).code).toBe('ERR_TOKEN_NOT_PRESENT');
    expect(loginFailure('CKR_GENERAL_ERROR', 0, ckrError('CKR_GENERAL_ERROR'))).toMatchObject({ code: 'ERR_PKCS11', details: { ckr: 'CKR_GENERAL_ERROR' } });
  });

  it('maps a token that went away to ERR_TOKEN_NOT_PRESENT', () => {
    for (const ckr of ['CKR_TOKEN_NOT_PRESENT', 'CKR_DEVICE_REMOVED', 'CKR_SESSION_HANDLE_INVALID', 'CKR_SESSION_CLOSED', 'CKR_TOKEN_NOT_RECOGNIZED']) {
      expect(isTokenGone(ckr)).toBe(true);
      expect(pkcs11Failure(ckrError(ckr), 'C_Sign').code).toBe('ERR_TOKEN_NOT_PRESENT');
    }
    expect(isTokenGone('CKR_PIN_INCORRECT')).toBe(false);
    expect(pkcs11Failure(ckrError('CKR_USER_NOT_LOGGED_IN'), 'C_Sign').code).toBe('ERR_PIN_REQUIRED');
    expect(pkcs11Failure(new Error('something else'), 'C_Sign')).toMatchObject({ code: 'ERR_PKCS11' });
    expect(ckrOf(new Error('not a ckr'))).toBeUndefined();
    expect(ckrOf('CKR_OK')).toBeUndefined();
  });
});
