/**
 * Every error Signdesk reports carries one of these stable codes. The renderer translates by code,
 * the CLI prints `signdesk: CODE: message` and maps the code to an exit status.
 */
export const ERROR_CODES = {
  // input and usage
  ERR_INPUT_INVALID: 'usage',
  ERR_USAGE: 'usage',
  ERR_FILE_NOT_FOUND: 'usage',
  ERR_FILE_UNREADABLE: 'usage',
  ERR_OUTPUT_EXISTS: 'usage',
  ERR_CONTENT_MISSING: 'usage',
  ERR_NOT_FOUND: 'usage',
  ERR_FORBIDDEN_SENDER: 'usage',
  ERR_UNAUTHORIZED: 'usage',
  ERR_CANCELLED: 'usage',
  ERR_BUSY: 'usage',
  // secrets
  ERR_PIN_INCORRECT: 'usage',
  ERR_PIN_LOCKED: 'usage',
  ERR_PIN_INVALID: 'usage',
  ERR_PIN_REQUIRED: 'usage',
  ERR_PASSWORD_INCORRECT: 'usage',
  ERR_PASSWORD_REQUIRED: 'usage',
  // keys and tokens
  ERR_KEY_FILE_CORRUPT: 'usage',
  ERR_KEY_NOT_FOUND: 'usage',
  ERR_KEY_BLOCKED: 'usage',
  ERR_KEY_NOT_SECURE: 'usage',
  ERR_KEY_ALGORITHM_UNSUPPORTED: 'usage',
  ERR_TOKEN_NOT_PRESENT: 'environment',
  ERR_TOKEN_NOT_FOUND: 'environment',
  ERR_TOKEN_AMBIGUOUS: 'usage',
  ERR_MODULE_LOAD_FAILED: 'environment',
  ERR_PKCS11: 'environment',
  ERR_SECRET_STORE_UNAVAILABLE: 'environment',
  // certificates and signatures
  ERR_CERT_MALFORMED: 'usage',
  ERR_CERT_EXPIRED: 'check',
  ERR_CERT_NOT_YET_VALID: 'check',
  ERR_CERT_REVOKED: 'check',
  ERR_CERT_KEY_MISMATCH: 'usage',
  ERR_VALIDITY_EXCEEDS_MAIN: 'usage',
  ERR_CERT_UNTRUSTED: 'check',
  ERR_CERT_CHAIN_INVALID: 'check',
  ERR_CSR_MALFORMED: 'usage',
  ERR_SIGNATURE_MALFORMED: 'usage',
  ERR_SIGNATURE_INVALID: 'check',
  ERR_REVOCATION_UNKNOWN: 'check',
  ERR_CERT_KEY_USAGE: 'check',
  ERR_CERT_NOT_CA: 'check',
  ERR_CERT_PATH_LENGTH: 'check',
  ERR_CERT_NAME_CONSTRAINTS: 'check',
  ERR_CERT_POLICY: 'check',
  // network and services
  ERR_NETWORK: 'environment',
  ERR_CA_REJECTED: 'check',
  ERR_CA_RESPONSE_INVALID: 'check',
  ERR_TSA: 'environment',
  ERR_STORAGE: 'environment',
  ERR_INTERNAL: 'internal',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
/** How the CLI maps a code to its exit status: usage → 2, environment → 3, check → 1. */
export type ErrorKind = (typeof ERROR_CODES)[ErrorCode];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class SigndeskError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigndeskError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromPayload(payload: ErrorPayload): SigndeskError {
    return new SigndeskError(payload.code, payload.message, payload.details);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export function isSigndeskError(error: unknown, code?: ErrorCode): error is SigndeskError {
  return error instanceof SigndeskError && (code === undefined || error.code === code);
}

/** Turns anything thrown into a payload safe to send across IPC: unknown errors become ERR_INTERNAL. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof SigndeskError) return error.toPayload();
  if (error !== null && typeof error === 'object' && 'code' in error && isErrorCode(error.code)) {
    const message = 'message' in error && typeof error.message === 'string' ? error.message : error.code;
    return { code: error.code, message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'ERR_INTERNAL', message };
}
