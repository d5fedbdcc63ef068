import {
  CKF_LOGIN_REQUIRED,
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_RNG,
  CKF_SO_PIN_COUNT_LOW,
  CKF_SO_PIN_FINAL_TRY,
  CKF_SO_PIN_LOCKED,
  CKF_SO_PIN_TO_BE_CHANGED,
  CKF_TOKEN_INITIALIZED,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_INITIALIZED,
  CKF_USER_PIN_LOCKED,
  CKF_USER_PIN_TO_BE_CHANGED,
  CKF_WRITE_PROTECTED,
} from './pkcs11-constants';

/** CK_TOKEN_INFO.flags by name. The `pin*` flags are about the user PIN. */
export interface TokenFlags {
  tokenInitialized: boolean;
  loginRequired: boolean;
  userPinInitialized: boolean;
  /** A PIN pad or biometric reader: log in without sending a PIN. */
  protectedAuthPath: boolean;
  writeProtected: boolean;
  hasRng: boolean;
  pinCountLow: boolean;
  pinFinalTry: boolean;
  pinLocked: boolean;
  pinToBeChanged: boolean;
  soPinCountLow: boolean;
  soPinFinalTry: boolean;
  soPinLocked: boolean;
  soPinToBeChanged: boolean;
}

export function tokenFlagsFrom(flags: number): TokenFlags {
  const has = (bit: number) => (flags & bit) !== 0;
  return {
    tokenInitialized: has(CKF_TOKEN_INITIALIZED),
    loginRequired: has(CKF_LOGIN_REQUIRED),
    userPinInitialized: has(CKF_USER_PIN_INITIALIZED),
    protectedAuthPath: has(CKF_PROTECTED_AUTHENTICATION_PATH),
    writeProtected: has(CKF_WRITE_PROTECTED),
    hasRng: has(CKF_RNG),
    pinCountLow: has(CKF_USER_PIN_COUNT_LOW),
    pinFinalTry: has(CKF_USER_PIN_FINAL_TRY),
    pinLocked: has(CKF_USER_PIN_LOCKED),
    pinToBeChanged: has(CKF_USER_PIN_TO_BE_CHANGED),
    soPinCountLow: has(CKF_SO_PIN_COUNT_LOW),
    soPinFinalTry: has(CKF_SO_PIN_FINAL_TRY),
    soPinLocked: has(CKF_SO_PIN_LOCKED),
    soPinToBeChanged: has(CKF_SO_PIN_TO_BE_CHANGED),
  };
}
