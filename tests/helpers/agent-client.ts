import http from 'node:http';

export interface AgentResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
  /** The coded error of an error answer (`error.code`), else undefined. */
  code: string | undefined;
}

export interface AgentRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sent as chunks without Content-Length (the server sees the size only as bytes arrive). */
  chunked?: boolean;
  signal?: AbortSignal;
}

/**
 * A raw HTTP/1.1 client for the agent: every header is sent as given (Host, Origin, Authorization), which is what
 * the tests of DNS rebinding and origin checks need and what `fetch` would not allow.
 */
export function agentCall(port: number, request: AgentRequest): Promise<AgentResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: `127.0.0.1:${port}`, ...request.headers };
    if (request.body !== undefined && !request.chunked) headers['content-length'] = Buffer.byteLength(request.body);
    const req = http.request({ host: '127.0.0.1', port, method: request.method ?? 'GET', path: request.path, headers, agent: false, signal: request.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let code: string | undefined;
        try {
          code = (JSON.parse(body.toString()) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString()) as T, code });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (request.body === undefined) {
      req.end();
    } else if (request.chunked) {
      const body = Buffer.from(request.body);
      for (let offset = 0; offset < body.length; offset += 16 * 1024) req.write(body.subarray(offset, offset + 16 * 1024));
      req.end();
    } else {
      req.end(request.body);
    }
  });
}

/** A multipart/form-data body as a browser would send it (built by the platform's FormData encoder). */
export async function multipart(parts: Array<{ field: string; name?: string; content?: Buffer | string; value?: string }>): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const part of parts) {
    if (part.value !== undefined) form.append(part.field, part.value);
    else form.append(part.field, new Blob([part.content ?? '']), part.name ?? 'document');
  }
  const encoded = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}
