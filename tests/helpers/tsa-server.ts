import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { tsaConfigPath, type TestPki } from './test-pki';

const run = promisify(execFile);

export interface TsaServer {
  url: string;
  /** Requests answered so far. */
  readonly count: number;
  close(): Promise<void>;
}

/** An RFC 3161 TSA on 127.0.0.1: `openssl ts -reply` with the test PKI's TSA certificate, behind a small HTTP handler. */
export async function startTsa(pki: TestPki): Promise<TsaServer> {
  let count = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const id = count++;
        const query = path.join(pki.dir, `tsa-q${id}.tsq`);
        const reply = path.join(pki.dir, `tsa-r${id}.tsr`);
        fs.writeFileSync(query, Buffer.concat(chunks));
        await run('openssl', ['ts', '-reply', '-config', tsaConfigPath(pki), '-queryfile', query, '-signer', pki.tsa.certPath, '-inkey', pki.tsa.keyPath, '-chain', pki.intermediate.certPath, '-out', reply]);
        response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(fs.readFileSync(reply));
      })().catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    get count() {
      return count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
