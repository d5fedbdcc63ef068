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
  ERR_CONTENT_MISMATCH: 'usage',
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
  /** A key's parameters or point are not valid (off its curve, wrong order, d outside 1..n-1, bad explicit curve). */
  ERR_KEY_INVALID: 'usage',
  /** The file is not a key container Signdesk reads (Key-6.dat, PKCS#8, PKCS#12, JKS/JCEKS). */
  ERR_KEY_FILE_UNKNOWN: 'usage',
  /** The key (same public key, or the same token object) is already in the cabinet; details: keyId, name. */
  ERR_KEY_ALREADY_ADDED: 'usage',
  /** A PKCS#12 without its integrity MAC: refused unless the user accepts it (`keys add --accept-no-mac` re-seals it). */
  ERR_KEY_FILE_UNPROTECTED: 'usage',
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
  ERR_ALGORITHM_MISMATCH: 'check',
  ERR_REVOCATION_UNKNOWN: 'check',
  ERR_CERT_KEY_USAGE: 'check',
  ERR_CERT_NOT_CA: 'check',
  ERR_CERT_PATH_LENGTH: 'check',
  ERR_CERT_NAME_CONSTRAINTS: 'check',
  ERR_CERT_POLICY: 'check',
  // PDF documents (PAdES)
  ERR_PDF_MALFORMED: 'usage',
  ERR_PDF_ENCRYPTED: 'usage',
  ERR_PDF_LIMIT_EXCEEDED: 'usage',
  ERR_PDF_CHANGES_NOT_ALLOWED: 'usage',
  ERR_PDF_SIGNATURE_TOO_LARGE: 'usage',
  /** The PDF was changed after a signature in a way its DocMDP level does not allow (page content, deletions…). */
  ERR_PDF_MODIFIED: 'check',
  /** The file carries no signature to check (a PDF without signatures, a container without signatures). */
  ERR_NOT_SIGNED: 'check',
  // signature containers (ASiC)
  ERR_CONTAINER_MALFORMED: 'usage',
  ERR_CONTAINER_UNSAFE: 'usage',
  ERR_CONTAINER_UNSUPPORTED: 'usage',
  // strict CMS/CAdES rules (RFC 5652 §11, RFC 6211, ETSI EN 319 122-1) and long-term validation
  ERR_ATTRIBUTE_DUPLICATE: 'check',
  ERR_ATTRIBUTE_VALUE_COUNT: 'check',
  ERR_CONTENT_TYPE_MISMATCH: 'check',
  ERR_ALGORITHM_PROTECTION_MISMATCH: 'check',
  ERR_SIGNING_CERTIFICATE_MISSING: 'check',
  ERR_SIGNING_CERTIFICATE_MISMATCH: 'check',
  ERR_ALGORITHM_WEAK: 'check',
  ERR_TIMESTAMP_INVALID: 'check',
  // network and services
  ERR_NETWORK: 'environment',
  ERR_CA_REJECTED: 'check',
  ERR_CA_RESPONSE_INVALID: 'check',
  ERR_CA_NOT_CONFIGURED: 'usage',
  ERR_TSA: 'environment',
  ERR_STORAGE: 'environment',
  /** The disk of the data folder or of an output is full (ENOSPC, EDQUOT, SQLITE_FULL). */
  ERR_STORAGE_FULL: 'environment',
  // the local signing agent (HTTP API for web pages and accounting software)
  ERR_HOST_REFUSED: 'usage',
  ERR_ORIGIN_REFUSED: 'usage',
  ERR_PAIRING_REQUIRED: 'usage',
  ERR_KEY_NOT_ALLOWED: 'usage',
  ERR_CONSENT_DENIED: 'usage',
  ERR_CONSENT_TIMEOUT: 'usage',
  ERR_CONSENT_PENDING: 'usage',
  ERR_RATE_LIMITED: 'usage',
  ERR_PAYLOAD_TOO_LARGE: 'usage',
  ERR_FORMAT_UNSUPPORTED: 'usage',
  ERR_INTERNAL: 'internal',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Findings a verification report carries that do not change its verdict. Translated like error codes; never thrown.
 */
export const WARNING_CODES = [
  'WARN_TRAILING_DATA',
  'WARN_VERSION',
  'WARN_BER',
  'WARN_SIGNED_ATTRIBUTES_REENCODED',
  'WARN_ALGORITHM_WEAK',
  'WARN_CERTIFICATE_MALFORMED',
  'WARN_TIMESTAMP',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];
/** How the CLI maps a code to its exit status: usage → 2, environment → 3, check → 1. */
export type ErrorKind = (typeof ERROR_CODES)[ErrorCode];

type Scalar = string | number | boolean | null;

/** Where in a file a structural problem sits (PDF objects, ZIP entries, ASiC manifests, CMP messages). */
export interface StructureDetails {
  name?: Scalar;
  reason?: Scalar;
  entry?: Scalar;
  offset?: Scalar;
  object?: Scalar;
  num?: Scalar;
  gen?: Scalar;
  streamNum?: Scalar;
  at?: Scalar;
  start?: Scalar;
  part?: Scalar;
  message?: Scalar;
  path?: Scalar;
  other?: Scalar;
  current?: Scalar;
  count?: Scalar;
  uri?: Scalar;
  type?: Scalar;
  size?: Scalar;
  seen?: Scalar;
  rotate?: Scalar;
  root?: Scalar;
  predictor?: Scalar;
  metadataBytes?: Scalar;
  manifest?: Scalar;
  index?: Scalar;
  limit?: Scalar;
  value?: Scalar;
  max?: Scalar;
}

/** What a PKCS#11 failure carries: the CKR name and the token it came from. */
export interface TokenDetails {
  ckr?: string;
  tokenLabel?: string;
  pinState?: 'set' | 'mustChange' | 'notInitialized';
  serial?: string;
  modulePath?: string;
  operation?: string;
}

/** A file the error is about (the renderer may show its name). */
export interface PathDetails {
  path: string;
}

/**
 * The `details` each code may carry, typed per code (a code missing here carries none). The renderer interpolates
 * them into the translated message (`errors:<CODE>` in renderer/src/i18n/errors.ts), so add a field here before
 * using it in a translation.
 */
export interface ErrorDetailsByCode {
  ERR_INPUT_INVALID: StructureDetails & {
    issues?: Array<{ path: string; message: string }>;
    page?: number;
    fieldName?: string;
    keyRef?: string;
    algorithm?: string;
    hash?: string;
    /** `passwordRule` / `pinRule`: a new secret that breaks the rule in secret-rule.ts. */
    context?: 'passwordRule' | 'pinRule';
    tokenLabel?: string;
  };
  ERR_FILE_NOT_FOUND: PathDetails;
  ERR_FILE_UNREADABLE: PathDetails;
  ERR_OUTPUT_EXISTS: PathDetails;
  ERR_CONTENT_MISMATCH: { givenPath?: string };
  /** `notConfigured`: a time-stamp was asked for, and none is set in Settings. */
  ERR_TSA: { context?: 'notConfigured' };
  /** `context` selects a more precise wording: `ERR_NOT_FOUND_noCertificate`, `ERR_NOT_FOUND_noRequest`. */
  ERR_NOT_FOUND: { keyId?: string; profileId?: string; entry?: string; batchId?: string; path?: string; fingerprint?: string; context?: 'noCertificate' | 'noRequest' };
  /** `context: 'unknownKey'`: the key has no public key on record to compare the certificate with. */
  ERR_CERT_KEY_MISMATCH: { context?: 'unknownKey' };
  ERR_BUSY: { serial?: string; batchId?: string };
  ERR_INTERNAL: { batchId?: string };
  ERR_PIN_INCORRECT: TokenDetails & { triesLeft?: 'final' | 'low' | 'unknown'; pinCountLow?: boolean; pinFinalTry?: boolean };
  ERR_PIN_LOCKED: TokenDetails;
  ERR_PIN_INVALID: TokenDetails;
  ERR_PIN_REQUIRED: TokenDetails;
  ERR_PKCS11: TokenDetails;
  ERR_TOKEN_NOT_PRESENT: TokenDetails;
  ERR_TOKEN_NOT_FOUND: { moduleFailures?: ErrorPayload[]; tokenLabel?: string };
  ERR_TOKEN_AMBIGUOUS: { tokens: Array<{ label: string; serial: string; modulePath: string }> };
  ERR_MODULE_LOAD_FAILED: { modulePath: string };
  ERR_KEY_FILE_CORRUPT: { reason: string; what?: string; limit?: string };
  ERR_CERT_MALFORMED: { path?: string };
  ERR_KEY_NOT_FOUND: TokenDetails & { keyId?: string };
  ERR_KEY_BLOCKED: { keyId: string };
  ERR_KEY_ALREADY_ADDED: { keyId: string; name: string };
  ERR_KEY_NOT_SECURE: { alwaysSensitive: boolean | null; neverExtractable: boolean | null };
  ERR_KEY_ALGORITHM_UNSUPPORTED: TokenDetails;
  ERR_KEY_NOT_ALLOWED: { keyId: string };
  /** `context: 'temporary'` selects the temporary-key wording (`ERR_CERT_EXPIRED_temporary`). */
  ERR_CERT_EXPIRED: { context?: 'temporary' };
  ERR_VALIDITY_EXCEEDS_MAIN: { notAfter: string; limit: string };
  ERR_SIGNATURE_INVALID: { reason?: string; manifest?: string };
  ERR_CA_REJECTED: { failInfo?: string[] | string | null; authenticated?: boolean };
  ERR_CA_RESPONSE_INVALID: StructureDetails;
  ERR_NETWORK: { url?: string; problems?: string[] };
  ERR_CERT_CHAIN_INVALID: { problems?: string[] };
  ERR_STORAGE: { path?: string };
  ERR_STORAGE_FULL: { path?: string; bytesNeeded?: number; neededBytes?: number; remaining?: number };
  ERR_PDF_MALFORMED: StructureDetails;
  ERR_PDF_LIMIT_EXCEEDED: StructureDetails;
  ERR_PDF_CHANGES_NOT_ALLOWED: { fieldName?: string };
  ERR_PDF_SIGNATURE_TOO_LARGE: { size: number; reserved: number };
  ERR_NOT_SIGNED: PathDetails;
  ERR_CONTAINER_MALFORMED: StructureDetails;
  ERR_CONTAINER_UNSAFE: StructureDetails;
  ERR_CONTAINER_UNSUPPORTED: StructureDetails;
  ERR_FORMAT_UNSUPPORTED: { supported?: string[]; format?: string; path?: string };
  ERR_PAIRING_REQUIRED: { pairing: unknown };
  ERR_RATE_LIMITED: { retryAfter: number };
  ERR_PAYLOAD_TOO_LARGE: { maxBytes?: number; maxFiles?: number; maxFileBytes?: number; maxTotalBytes?: number };
}

/** The details a code carries; `never` for a code that carries none. */
export type ErrorDetails<C extends ErrorCode> = C extends keyof ErrorDetailsByCode ? ErrorDetailsByCode[C] : never;

/** What crosses IPC: a union discriminated by `code`, so `payload.code === 'ERR_X'` narrows `details`. */
export type ErrorPayload<C extends ErrorCode = ErrorCode> = {
  [K in C]: { code: K; message: string; details?: ErrorDetails<K> };
}[C];

export class SigndeskError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly details: ErrorDetails<C> | undefined;

  constructor(code: C, message: string, details?: ErrorDetails<C>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigndeskError';
    this.code = code;
    this.details = details;
  }

  toPayload(): ErrorPayload {
    const payload = this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
    return payload as ErrorPayload;
  }

  static fromPayload(payload: ErrorPayload): SigndeskError {
    return new SigndeskError(payload.code, payload.message, payload.details);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export function isSigndeskError<C extends ErrorCode = ErrorCode>(error: unknown, code?: C): error is SigndeskError<C> {
  return error instanceof SigndeskError && (code === undefined || error.code === code);
}

/** Node's and SQLite's codes for a full disk or an exhausted quota. */
const DISK_FULL_CODES: readonly unknown[] = ['ENOSPC', 'EDQUOT', 'SQLITE_FULL'];

/** A full disk as Node (ENOSPC, EDQUOT) or better-sqlite3 (SQLITE_FULL) report it. */
export function isDiskFullError(error: unknown): boolean {
  return error !== null && typeof error === 'object' && 'code' in error && DISK_FULL_CODES.includes(error.code);
}

/** Turns anything thrown into a payload safe to send across IPC: unknown errors become ERR_INTERNAL. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof SigndeskError) return error.toPayload();
  if (error !== null && typeof error === 'object' && 'code' in error && isErrorCode(error.code)) {
    const message = 'message' in error && typeof error.message === 'string' ? error.message : error.code;
    return { code: error.code, message } as ErrorPayload;
  }
  // A full disk reached from anywhere (a SQLite write, a settings file) is the user's to fix, not a bug.
  if (isDiskFullError(error)) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return { code: 'ERR_STORAGE_FULL', message: `No space left on the disk${detail}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'ERR_INTERNAL', message };
}
