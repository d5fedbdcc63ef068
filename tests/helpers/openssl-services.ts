import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OpensslCa } from './openssl-ca';

const run = promisify(execFile);

export interface OpensslServices {
  /** `http://127.0.0.1:PORT` */
  base: string;
  tsaUrl: string;
  ocspUrl: string;
  crlUrl: string;
  /** Requests answered, by kind. */
  counts: { tsa: number; ocsp: number; crl: number };
  close(): Promise<void>;
}

/**
 * One loopback HTTP server in front of real OpenSSL: `/tsa` answers RFC 3161 queries with `openssl ts -reply`,
 * `/ocsp` answers RFC 6960 requests with `openssl ocsp` over the CA's index, `/crl` serves the CA's current CRL.
 * Start it before issuing certificates so their AIA and distribution points can name it (`ocspUrl`, `crlUrl`).
 */
export async function startOpensslServices(ca: OpensslCa, tsa?: { certPath: string; keyPath: string; chainPath?: string }): Promise<OpensslServices> {
  const config = path.join(ca.dir, 'tsa.cnf');
  fs.writeFileSync(
    config,
    [
      '[tsa]',
      'default_tsa = tsa_default',
      '[tsa_default]',
      `serial = ${path.join(ca.dir, 'tsaserial')}`,
      'crypto_device = builtin',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512, sha3-256',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(ca.dir, 'tsaserial'), '01\n');
  const counts = { tsa: 0, ocsp: 0, crl: 0 };
  let sequence = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const id = sequence++;
        const url = request.url ?? '/';
        if (url.startsWith('/tsa') && tsa) {
          counts.tsa++;
          const query = path.join(ca.dir, `q${id}.tsq`);
          const reply = path.join(ca.dir, `r${id}.tsr`);
          fs.writeFileSync(query, Buffer.concat(chunks));
          await run('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-signer', tsa.certPath, '-inkey', tsa.keyPath, ...(tsa.chainPath ? ['-chain', tsa.chainPath] : []), '-out', reply]);
          response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(fs.readFileSync(reply));
        } else if (url.startsWith('/ocsp')) {
          counts.ocsp++;
          const query = path.join(ca.dir, `o${id}.req`);
          const reply = path.join(ca.dir, `o${id}.resp`);
          fs.writeFileSync(query, Buffer.concat(chunks));
          await run('openssl', ['ocsp', '-index', ca.indexFile, '-CA', ca.cert, '-rsigner', ca.cert, '-rkey', ca.key, '-reqin', query, '-respout', reply, '-ndays', '1'], { cwd: ca.dir });
          response.writeHead(200, { 'Content-Type': 'application/ocsp-response' }).end(fs.readFileSync(reply));
        } else if (url.startsWith('/crl')) {
          counts.crl++;
          response.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(Buffer.from(ca.crl()));
        } else response.writeHead(404).end();
      })().catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    tsaUrl: `${base}/tsa`,
    ocspUrl: `${base}/ocsp`,
    crlUrl: `${base}/crl`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
