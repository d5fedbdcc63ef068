import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData, signFile, verifyCms } from '../../main/core/cms';
import type { SoftwareSigningKey } from '../../main/core/keys/software-signing-key';
import { softwareKey } from '../helpers/software-key';
import { isSigndeskError } from '../../preload/contract/errors';
import { missingTools } from '../helpers/require-tools';
import { createTestPki, tsaConfigPath, type TestPki } from '../helpers/test-pki';

const missing = missingTools(['openssl']);
const run = promisify(execFile);

describe.skipIf(missing)('RFC 3161 signature timestamps (CAdES-T) from openssl ts -reply', () => {
  let pki: TestPki;
  let server: http.Server;
  let url: string;
  let mode: 'normal' | 'garbage' | 'replay' | 'rejected' = 'normal';
  let lastReply: Buffer | undefined;
  let document: string;
  let key: SoftwareSigningKey;

  beforeAll(async () => {
    pki = createTestPki();
    document = pki.file('report.pdf', crypto.randomBytes(50_000));
    key = softwareKey('file:test', pki.ecLeaf.keyPem, pki.ecLeaf.certDer, [pki.intermediate.certDer]);
    let counter = 0;
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void (async () => {
          if (mode === 'garbage') {
            response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from('not a reply'));
            return;
          }
          if (mode === 'rejected') {
            // TimeStampResp { status { rejection(2) } }
            response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from('3005300302010' + '2', 'hex'));
            return;
          }
          if (mode === 'replay' && lastReply) {
            response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(lastReply);
            return;
          }
          const id = counter++;
          const query = path.join(pki.dir, `q${id}.tsq`);
          const reply = path.join(pki.dir, `r${id}.tsr`);
          fs.writeFileSync(query, Buffer.concat(chunks));
          await run('openssl', ['ts', '-reply', '-config', tsaConfigPath(pki), '-queryfile', query, '-signer', pki.tsa.certPath, '-inkey', pki.tsa.keyPath, '-chain', pki.intermediate.certPath, '-out', reply]);
          lastReply = fs.readFileSync(reply);
          response.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(lastReply);
        })().catch((error: unknown) => response.writeHead(500).end(String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    pki?.cleanup();
  });

  it('adds a signatureTimeStampToken that OpenSSL accepts and we verify', async () => {
    mode = 'normal';
    const { outPath } = await signFile({ path: document, key, timestampUrl: url, outPath: path.join(pki.dir, 'stamped.p7s') });
    const signer = parseSignedData(fs.readFileSync(outPath)).signerInfos[0];
    expect(signer.unsignedAttributes.map((attribute) => attribute.type)).toEqual(['1.2.840.113549.1.9.16.2.14']);
    pki.openssl(['cms', '-verify', '-cades', '-binary', '-inform', 'DER', '-in', outPath, '-content', document, '-CAfile', pki.root.certPath, '-out', '/dev/null']);
    // The token itself is a valid RFC 3161 reply for the signature value, by openssl ts -verify.
    const token = pki.file('token.der', signer.unsignedAttributes[0].values[0]);
    const signatureValue = pki.file('signature-value.bin', signer.signature);
    pki.openssl(['ts', '-verify', '-token_in', '-in', token, '-data', signatureValue, '-CAfile', pki.root.certPath, '-untrusted', pki.intermediate.certPath]);
    const report = await verifyCms({ signature: fs.readFileSync(outPath), contentPath: document, trustAnchors: [pki.root.certDer], revocation: 'skip' });
    expect(report.signers[0].errors).toEqual([]);
    expect(report.valid).toBe(true);
    const stampedAt = Date.parse(report.signers[0].details.timestamp);
    expect(Math.abs(stampedAt - Date.now())).toBeLessThan(5 * 60_000);
    expect(report.signers[0].details.validationTime).toBe(report.signers[0].details.timestamp);
  });

  it('a damaged token is reported (INDETERMINATE, ERR_TIMESTAMP_INVALID) while the signature itself still checks', async () => {
    mode = 'normal';
    const { outPath } = await signFile({ path: document, key, timestampUrl: url, outPath: path.join(pki.dir, 'damaged.p7s') });
    const bytes = fs.readFileSync(outPath);
    const token = parseSignedData(bytes).signerInfos[0].unsignedAttributes[0].values[0];
    const at = bytes.indexOf(Buffer.from(token));
    bytes[at + token.length - 3] ^= 0x40;
    const report = await verifyCms({ signature: bytes, contentPath: document, trustAnchors: [pki.root.certDer], revocation: 'skip' });
    expect(report.indication).toBe('INDETERMINATE');
    expect(report.signers[0].checks.signature).toBe(true);
    expect(report.signers[0].errors.map((error) => error.code)).toEqual(['ERR_TIMESTAMP_INVALID']);
  });

  it('TSA failures are ERR_TSA and leave no output', async () => {
    for (const failure of ['garbage', 'rejected', 'replay'] as const) {
      mode = failure;
      const outPath = path.join(pki.dir, `failed-${failure}.p7s`);
      let error: unknown;
      try {
        await signFile({ path: document, key, timestampUrl: url, outPath });
      } catch (caught) {
        error = caught;
      }
      expect(isSigndeskError(error, 'ERR_TSA'), `${failure}: ${String(error)}`).toBe(true);
      expect(fs.existsSync(outPath)).toBe(false);
    }
    mode = 'normal';
    let unreachable: unknown;
    try {
      await signFile({ path: document, key, timestampUrl: 'http://127.0.0.1:9/tsa', outPath: path.join(pki.dir, 'unreachable.p7s') });
    } catch (caught) {
      unreachable = caught;
    }
    expect(isSigndeskError(unreachable, 'ERR_TSA')).toBe(true);
  });
});
