import { SigndeskError } from '../../../preload/contract/errors';

/** Return values meaning the token (or our session on it) is gone: pulled out, reset, or re-initialised. */
const TOKEN_GONE = new Set([
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_RECOGNIZED',
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_SLOT_ID_INVALID',
  'CKR_CRYPTOKI_NOT_INITIALIZED',
]);

/** The `CKR_…` name of a pkcs11js error, or undefined for anything else. */
export function ckrOf(error: unknown): string | undefined {
  if (error instanceof Error && /^CKR_[A-Z0-9_]+$/.test(error.message)) return error.message;
  return undefined;
}

export function isTokenGone(ckr: string | undefined): boolean {
  return ckr !== undefined && TOKEN_GONE.has(ckr);
}

/**
 * A PKCS#11 failure as a coded error. Callers that know better (login, seeding) look at `ckrOf` first;
 * this is the general mapping. Never includes a PIN: messages name the operation and the CKR only.
 */
export function pkcs11Failure(error: unknown, operation: string, details: Record<string, unknown> = {}): SigndeskError {
  if (error instanceof SigndeskError) return error;
  const ckr = ckrOf(error);
  if (isTokenGone(ckr)) return new SigndeskError('ERR_TOKEN_NOT_PRESENT', `The token is not present (${operation}: ${ckr})`, { ...details, ckr }, { cause: error });
  switch (ckr) {
    case 'CKR_PIN_INCORRECT':
      return new SigndeskError('ERR_PIN_INCORRECT', 'The PIN is incorrect', { ...details, ckr }, { cause: error });
    case 'CKR_PIN_LOCKED':
      return new SigndeskError('ERR_PIN_LOCKED', 'The PIN is locked', { ...details, ckr }, { cause: error });
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE':
      return new SigndeskError('ERR_PIN_INVALID', 'The PIN has invalid characters or length', { ...details, ckr }, { cause: error });
    case 'CKR_USER_NOT_LOGGED_IN':
      return new SigndeskError('ERR_PIN_REQUIRED', `Log in to the token first (${operation})`, { ...details, ckr }, { cause: error });
    case 'CKR_KEY_HANDLE_INVALID':
    case 'CKR_OBJECT_HANDLE_INVALID':
      return new SigndeskError('ERR_KEY_NOT_FOUND', `The key is no longer on the token (${operation}: ${ckr})`, { ...details, ckr }, { cause: error });
    case 'CKR_MECHANISM_INVALID':
    case 'CKR_KEY_TYPE_INCONSISTENT':
    case 'CKR_KEY_FUNCTION_NOT_PERMITTED':
      return new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `The token refused ${operation} (${ckr})`, { ...details, ckr }, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SigndeskError('ERR_PKCS11', `${operation} failed: ${ckr ?? message}`, { ...details, ...(ckr ? { ckr } : {}) }, { cause: error });
}
