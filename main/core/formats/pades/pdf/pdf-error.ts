import { SigndeskError } from '../../../../../preload/contract/errors';

/** The file is not a PDF we can read safely: truncated, garbage, an xref that does not match the objects. */
export function malformed(message: string, details?: Record<string, unknown>): SigndeskError {
  return new SigndeskError('ERR_PDF_MALFORMED', message, details);
}

/** A safety bound (depth, size, count, decompressed bytes) was hit. */
export function limitExceeded(limit: string, value: number, max: number): SigndeskError {
  return new SigndeskError('ERR_PDF_LIMIT_EXCEEDED', `PDF exceeds the ${limit} limit (${value} > ${max})`, { limit, value, max });
}
