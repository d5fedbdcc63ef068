import type http from 'node:http';
import type { z } from 'zod';
import { SigndeskError } from '../../../../preload/contract/errors';

/** Reads a JSON body of at most `maxBytes` (refused by Content-Length before reading, or as soon as it is passed). */
export async function readJsonBody<S extends z.ZodType>(request: http.IncomingMessage, maxBytes: number, schema: S): Promise<z.output<S>> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new SigndeskError('ERR_INPUT_INVALID', 'Send the body as application/json');
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SigndeskError('ERR_INPUT_INVALID', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new SigndeskError('ERR_INPUT_INVALID', 'The request body is not valid', { issues });
  }
  return parsed.data;
}

export function tooLarge(maxBytes: number): SigndeskError {
  return new SigndeskError('ERR_PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes`, { maxBytes });
}
