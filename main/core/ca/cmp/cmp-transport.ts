import { httpRequest } from '../../net/http-request';

export type CmpTransport = (serverUrl: string, request: Uint8Array) => Promise<Uint8Array>;

/** CMP over HTTP (RFC 6712): POST application/pkixcmp, the answer is one PKIMessage. */
export function httpCmpTransport(timeoutMs = 30_000): CmpTransport {
  return async (serverUrl, request) => {
    const response = await httpRequest(serverUrl, {
      method: 'POST',
      body: request,
      contentType: 'application/pkixcmp',
      accept: 'application/pkixcmp',
      timeoutMs,
      maxBytes: 4 * 1024 * 1024,
    });
    return response.body;
  };
}
