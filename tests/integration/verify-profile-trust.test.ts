import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../main/core/api/handlers';
import { MemorySecretStore } from '../../main/core/secrets';
import { createServices, type Services } from '../../main/core/services';
import { certificatesFromBytes } from '../../main/core/pki/certificate-input';
import { OpensslCa, startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

/**
 * The director's certificate names no OCSP responder and no CRL: only the CA profile knows where the CA publishes
 * revocation. Verify (single, bulk, CLI) must ask there, as the cabinet does, and say "revoked" like the cabinet.
 */
describe.skipIf(missingTools(['openssl']))('Verify uses the CA profiles’ trusted certificates and OCSP / CRL sources, as the cabinet does', () => {
  let dir: string;
  let dataDir: string;
  let services: Services;
  let ca: OpensslCa;
  let director: string;
  let doc: string;
  let sig: string;
  let caPem: string;
  let ocsp: RunningServer;
  let crlServer: http.Server;
  let crlUrl: string;

  const verifyOnce = (signaturePath: string) => createHandlers(services)['verify:signature']({ signaturePath, contentPath: doc });
  const setProfile = async (overrides: { ocspUrl?: string; crlUrls?: string[] }) => {
    for (const profile of services.ca.profiles.list()) await services.ca.profiles.delete(profile.id);
    fs.rmSync(path.join(dataDir, 'cache'), { recursive: true, force: true });
    await services.ca.profiles.save({ name: 'Test CA', cmpUrl: null, ocspUrl: overrides.ocspUrl ?? null, crlUrls: overrides.crlUrls ?? [], tsaUrl: null, trustAnchors: [caPem] });
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-verify-profile-'));
    dataDir = path.join(dir, 'data');
    services = createServices({ dataDir, runtime: 'cli', secrets: new MemorySecretStore() });
    ca = new OpensslCa(path.join(dir, 'ca'), 'Profile CA');
    caPem = fs.readFileSync(ca.cert, 'latin1');
    const key = ca.newKey('director');
    director = ca.issue('director', key, { subject: '/CN=Director Petrenko/O=Signdesk Tests' });
    doc = path.join(dir, 'order.txt');
    fs.writeFileSync(doc, 'order no. 17\n');
    sig = `${doc}.p7s`;
    ca.openssl(['cms', '-sign', '-cades', '-binary', '-md', 'sha256', '-in', doc, '-signer', director, '-inkey', key, '-outform', 'DER', '-out', sig]);
    ca.revoke(director);
    ocsp = await startOpensslServer((port) => ['ocsp', '-index', ca.indexFile, '-port', String(port), '-rsigner', ca.cert, '-rkey', ca.key, '-CA', ca.cert, '-ndays', '1'], dir);
    const crl = ca.crl();
    crlServer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(crl)));
    await new Promise<void>((resolve) => crlServer.listen(0, '127.0.0.1', resolve));
    crlUrl = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}/ca.crl`;
  });

  afterAll(async () => {
    await ocsp?.stop();
    await new Promise((resolve) => crlServer?.close(resolve));
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a CA profile’s trusted certificate is a trust anchor for Verify; without its sources the status stays unknown', async () => {
    const untrusted = await verifyOnce(sig);
    expect(untrusted.signers[0]!.errors.map((error) => error.code)).toContain('ERR_CERT_UNTRUSTED');
    await setProfile({});
    const report = await verifyOnce(sig);
    expect(report.signers[0]!.checks.chain).toBe(true);
    expect(report.signers[0]!.checks.revocation).toBe('unknown');
    expect(report.indication).toBe('INDETERMINATE');
  });

  it('OCSP from the profile: revoked in Verify (single, bulk, CLI) as in the cabinet’s status check', async () => {
    await setProfile({ ocspUrl: `http://127.0.0.1:${ocsp.port}/` });
    const certificate = certificatesFromBytes(new Uint8Array(fs.readFileSync(director)))[0]!;
    expect(await services.ca.checkStatus({ certificate })).toMatchObject({ status: 'revoked', source: 'ocsp' });

    const report = await verifyOnce(sig);
    expect(report.signers[0]!.checks.revocation).toBe('revoked');
    expect(report.signers[0]!.errors.map((error) => error.code)).toContain('ERR_CERT_REVOKED');
    expect(report.valid).toBe(false);

    fs.rmSync(path.join(dataDir, 'cache'), { recursive: true, force: true });
    const bulk = await createHandlers(services)['verify:bulk']({ paths: [sig, doc] });
    expect(bulk.files[0]!.errors).toContain('ERR_CERT_REVOKED');

    fs.rmSync(path.join(dataDir, 'cache'), { recursive: true, force: true });
    const cli = await runSigndesk(['verify', sig, '--content', doc, '--json', '--data-dir', dataDir]);
    expect(cli.code, cli.stderr).toBe(1);
    const json = cli.json<{ signers: Array<{ checks: { revocation: string } }> }>();
    expect(json.signers[0]!.checks.revocation).toBe('revoked');
  });

  it('CRL from the profile: revoked in Verify as in the cabinet', async () => {
    await setProfile({ crlUrls: [crlUrl] });
    const certificate = certificatesFromBytes(new Uint8Array(fs.readFileSync(director)))[0]!;
    expect(await services.ca.checkStatus({ certificate })).toMatchObject({ status: 'revoked', source: 'crl' });
    const report = await verifyOnce(sig);
    expect(report.signers[0]!.checks.revocation).toBe('revoked');
  });
});
