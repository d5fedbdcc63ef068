import fs from 'node:fs';
import type http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { toErrorPayload } from '../../../../preload/contract/errors';
import { httpStatus } from './http-status';

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

export function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendBytes(response: http.ServerResponse, bytes: Uint8Array, contentType: string, headers: Record<string, string> = {}): void {
  response.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-type': contentType, 'content-length': bytes.length });
  response.end(bytes);
}

/**
 * `{ "error": { code, message, details? } }` with the code's status. `close`: the request body was not read
 * (refused before or while uploading), so the connection ends after the answer.
 */
export function sendError(response: http.ServerResponse, error: unknown, options: { close?: boolean; headers?: Record<string, string> } = {}): void {
  const payload = toErrorPayload(error);
  const headers: Record<string, string> = { ...options.headers };
  if (payload.code === 'ERR_RATE_LIMITED' && typeof payload.details?.retryAfter === 'number') headers['retry-after'] = String(payload.details.retryAfter);
  if (options.close) headers.connection = 'close';
  const body = { error: payload.details === undefined ? { code: payload.code, message: payload.message } : payload };
  sendJson(response, httpStatus(payload.code), body, headers);
}

/** A file from disk, streamed (a signed PDF or a container may be as large as its documents). */
export async function sendFile(response: http.ServerResponse, file: string, contentType: string, headers: Record<string, string> = {}): Promise<void> {
  const { size } = await fs.promises.stat(file);
  response.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-type': contentType, 'content-length': size });
  await pipeline(fs.createReadStream(file), response);
}

/** Base64 of 3-byte groups: a chunk boundary never splits one. */
const BASE64_CHUNK = 3 * 64 * 1024;

/**
 * JSON whose `field` is a file's bytes in base64, streamed: `{ ...body, [field]: "<base64>" }` without ever
 * holding the file (or its base64) whole in memory.
 */
export async function sendJsonWithFile(response: http.ServerResponse, body: Record<string, unknown>, field: string, file: string, headers: Record<string, string> = {}): Promise<void> {
  const { size } = await fs.promises.stat(file);
  const head = `${JSON.stringify(body).slice(0, -1)}${Object.keys(body).length > 0 ? ',' : ''}${JSON.stringify(field)}:"`;
  const tail = '"}';
  const length = Buffer.byteLength(head) + 4 * Math.ceil(size / 3) + tail.length;
  response.writeHead(200, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': length });
  async function* encoded() {
    yield head;
    let carry = Buffer.alloc(0);
    for await (const chunk of fs.createReadStream(file, { highWaterMark: BASE64_CHUNK })) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      const whole = bytes.length - (bytes.length % 3);
      yield bytes.subarray(0, whole).toString('base64');
      carry = Buffer.from(bytes.subarray(whole));
    }
    yield carry.toString('base64') + tail;
  }
  await pipeline(Readable.from(encoded()), response);
}
