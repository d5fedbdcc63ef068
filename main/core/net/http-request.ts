import http from 'node:http';
import https from 'node:https';
import { SigndeskError } from '../../../preload/contract/errors';

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  body?: Uint8Array;
  contentType?: string;
  accept?: string;
  /** Whole-exchange timeout in milliseconds (connect + send + receive). */
  timeoutMs?: number;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  contentType: string | undefined;
  body: Uint8Array;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * One HTTP(S) exchange for OCSP, CRL, CA certificate and CMP traffic. Only http: and https: URLs;
 * every failure (DNS, refused, timeout, oversized body, non-2xx) is an ERR_NETWORK.
 */
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  // GET follows a few redirects (CRL and CA certificate hosts often move http → https); POST never does.
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await exchange(current, options);
    if (!('redirect' in response)) return response;
    if (hop >= MAX_REDIRECTS) throw new SigndeskError('ERR_NETWORK', `Too many redirects (${url})`, { url });
    current = new URL(response.redirect, current).toString();
  }
}

const MAX_REDIRECTS = 3;

function exchange(url: string, options: HttpRequestOptions): Promise<HttpResponse | { redirect: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new SigndeskError('ERR_INPUT_INVALID', `Not a URL: ${url}`));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return Promise.reject(new SigndeskError('ERR_NETWORK', `Unsupported URL scheme ${parsed.protocol} (${url})`, { url }));
  }
  const transport = parsed.protocol === 'https:' ? https : http;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const method = options.method ?? (options.body ? 'POST' : 'GET');
  const headers: Record<string, string> = { Connection: 'close' };
  if (options.contentType) headers['Content-Type'] = options.contentType;
  if (options.accept) headers.Accept = options.accept;
  if (options.body) headers['Content-Length'] = String(options.body.length);

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new SigndeskError('ERR_NETWORK', `${message} (${url})`, { url }, { cause }));
    };
    const request = transport.request(parsed, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(`Response larger than ${maxBytes} bytes`);
        chunks.push(chunk);
      });
      response.on('error', (error) => fail(`Reading the response failed: ${error.message}`, error));
      response.on('end', () => {
        if (settled) return;
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (method === 'GET' && [301, 302, 303, 307, 308].includes(status) && location) {
          settled = true;
          clearTimeout(timer);
          return resolve({ redirect: location });
        }
        if (status < 200 || status > 299) return fail(`HTTP ${status}`);
        settled = true;
        clearTimeout(timer);
        resolve({ status, contentType: response.headers['content-type'], body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    const timer = setTimeout(() => fail(`No answer within ${timeoutMs} ms`), timeoutMs);
    request.on('error', (error) => fail(`Cannot reach the server: ${error.message}`, error));
    request.end(options.body ? Buffer.from(options.body) : undefined);
  });
}
