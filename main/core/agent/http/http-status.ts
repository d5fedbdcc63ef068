import { ERROR_CODES, type ErrorCode } from '../../../../preload/contract/errors';

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  ERR_UNAUTHORIZED: 401,
  ERR_HOST_REFUSED: 403,
  ERR_ORIGIN_REFUSED: 403,
  ERR_PAIRING_REQUIRED: 403,
  ERR_KEY_NOT_ALLOWED: 403,
  ERR_CONSENT_DENIED: 403,
  ERR_CONSENT_TIMEOUT: 403,
  ERR_KEY_BLOCKED: 403,
  ERR_PIN_LOCKED: 403,
  ERR_NOT_FOUND: 404,
  ERR_KEY_NOT_FOUND: 404,
  ERR_CANCELLED: 409,
  ERR_CONSENT_PENDING: 409,
  ERR_BUSY: 409,
  ERR_PAYLOAD_TOO_LARGE: 413,
  ERR_FORMAT_UNSUPPORTED: 415,
  ERR_RATE_LIMITED: 429,
};

const BY_KIND = { usage: 400, check: 422, environment: 503, internal: 500 } as const;

/** The HTTP status an error code is answered with (the code itself is always in the JSON body). */
export function httpStatus(code: ErrorCode): number {
  return BY_CODE[code] ?? BY_KIND[ERROR_CODES[code]];
}
