import type http from 'node:http';
import { BRIDGE_CONNECTION_HEADER, BRIDGE_SESSION_HEADER } from '../../preload/contract/bridge-wire';
import { MAX_UPLOAD_BYTES, UPLOAD_PURPOSES, type UploadPurpose } from '../../preload/contract/domains/files';
import type { Envelope } from '../../preload/contract/envelope';
import { SigndeskError, toErrorPayload, type ErrorCode } from '../../preload/contract/errors';
import type { UploadStore } from '../core/files/index';
import type { BridgeAccess } from './bridge-access';

export interface UploadRouteDeps {
  access: BridgeAccess;
  uploads: UploadStore;
  /** Whether this id names an open, authenticated page connection. */
  isConnection(id: string): boolean;
}

const STATUS: Partial<Record<ErrorCode, number>> = { ERR_FORBIDDEN_SENDER: 403, ERR_INPUT_INVALID: 400, ERR_STORAGE_FULL: 507 };

/**
 * `PUT /upload?purpose=sign|verify&name=…`: the page's file streamed to disk (never held whole in memory, never in a
 * WebSocket frame), from the bridge's own page only: Origin, the session secret and an open connection id in
 * headers (a cross-site page cannot send those headers without a CORS preflight, which is never answered).
 * The answer is a JSON envelope: `{ok: true, value: {path}}` or `{ok: false, error}`.
 */
export function createUploadRoute(deps: UploadRouteDeps): (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void> {
  return async (request, response) => {
    try {
      const { purpose, name, connection, size } = checkUpload(request, deps);
      const path = await deps.uploads.save(purpose, name, request, { session: connection, ...(size !== undefined && { size }) });
      answer(response, 200, { ok: true, value: { path } });
    } catch (error) {
      const payload = toErrorPayload(error);
      const tooLarge = payload.code === 'ERR_INPUT_INVALID' && payload.details?.limit === MAX_UPLOAD_BYTES;
      answer(response, tooLarge ? 413 : (STATUS[payload.code] ?? 500), { ok: false, error: payload });
      // A refused body is not read: the connection closes once the answer is out.
      if (!request.complete) response.once('finish', () => request.destroy());
    }
  };
}

function checkUpload(request: http.IncomingMessage, deps: UploadRouteDeps): { purpose: UploadPurpose; name: string; connection: string; size?: number } {
  if (request.method !== 'PUT') throw new SigndeskError('ERR_INPUT_INVALID', 'Uploads are PUT requests');
  if (!deps.access.originAllowed(request.headers.origin) || !deps.access.secretMatches(header(request, BRIDGE_SESSION_HEADER))) {
    throw new SigndeskError('ERR_FORBIDDEN_SENDER', 'The upload did not come from the Signdesk page');
  }
  const connection = header(request, BRIDGE_CONNECTION_HEADER);
  if (!connection || !deps.isConnection(connection)) throw new SigndeskError('ERR_FORBIDDEN_SENDER', 'The page is not connected: reload it');
  const query = new URL(request.url ?? '/', 'http://bridge').searchParams; // parsed once already by the server
  const purpose = query.get('purpose');
  const name = query.get('name') ?? '';
  if (!UPLOAD_PURPOSES.includes(purpose as UploadPurpose)) throw new SigndeskError('ERR_INPUT_INVALID', 'purpose must be sign or verify');
  if (name.length < 1 || name.length > 255) throw new SigndeskError('ERR_INPUT_INVALID', 'The file name must have 1 to 255 characters');
  const length = request.headers['content-length'];
  const size = length === undefined ? undefined : Number(length);
  if (size !== undefined && size > MAX_UPLOAD_BYTES) {
    throw new SigndeskError('ERR_INPUT_INVALID', `The file is larger than ${MAX_UPLOAD_BYTES} bytes`, { limit: MAX_UPLOAD_BYTES });
  }
  return { purpose: purpose as UploadPurpose, name, connection, ...(size !== undefined && { size }) };
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}

function answer(response: http.ServerResponse, status: number, envelope: Envelope<{ path: string }>): void {
  if (response.headersSent) return;
  const body = JSON.stringify(envelope);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...(status !== 200 && { connection: 'close' }) });
  response.end(body);
}
