import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { certificatePathFor } from '../../main/core/keys/file-key';
import { decodeCertificates } from '../../main/core/pki/certificate';
import { OpensslCa, startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk as runCliCapture } from '../helpers/run-cli';

const missing = missingTools(['openssl']);
const KEY_PASSWORD = 'key-pass-1';
const CMP_SECRET = 'cmp-secret-42';
const env = { KEYPASS: KEY_PASSWORD, CMP_SECRET, WRONG_SECRET: 'not-the-secret' };

describe.skipIf(missing)('CMP enrolment against the OpenSSL mock server (`openssl cmp -port`)', () => {
  let dir: string;
  let ca: OpensslCa;
  let dataDir: string;
  const servers: RunningServer[] = [];
  const keys: Record<string, { plain: string; ref: string; file: string }> = {};

  /** An EC key, encrypted PKCS#8 PEM for Signdesk (plain copy for `openssl req`). */
  function key(name: string) {
    const plain = ca.newKey(name);
    const file = path.join(dir, `${name}.enc.pem`);
    ca.openssl(['pkey', '-in', plain, '-aes-256-cbc', '-passout', `pass:${KEY_PASSWORD}`, '-out', file]);
    keys[name] = { plain, file, ref: `file:${file}` };
    return keys[name]!;
  }

  async function mockServer(args: string[]): Promise<string> {
    const server = await startOpensslServer((port) => ['cmp', '-port', String(port), '-srv_cert', ca.cert, '-srv_key', ca.key, '-rsp_capubs', ca.cert, ...args], dir);
    servers.push(server);
    return `http://127.0.0.1:${server.port}/pkix/`;
  }

  const cli = (args: string[]) => runCliCapture([...args, '--data-dir', dataDir, '--pass-env', 'KEYPASS'], env);
  const boundCertificate = (name: string) => fs.readFileSync(certificatePathFor(keys[name]!.file), 'utf8');
  const pemOf = (file: string) => fs.readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-cmp-'));
    dataDir = path.join(dir, 'data');
    ca = new OpensslCa(path.join(dir, 'ca'));
    for (const name of ['alice', 'temp', 'renewed', 'stranger']) key(name);
  });

  afterEach(async () => {
    while (servers.length > 0) await servers.pop()!.stop();
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ir with MAC protection: certificate issued, written PEM, bound to the key; wrong secret and foreign key refused', async () => {
    const aliceCert = ca.issue('alice', keys.alice!.plain, { subject: '/CN=Alice Example/O=Signdesk Tests', days: 30 });
    const url = await mockServer(['-srv_ref', 'REF-1001', '-srv_secret', `pass:${CMP_SECRET}`, '-rsp_cert', aliceCert]);
    const out = path.join(dir, 'alice-issued.pem');
    const ok = await cli(['enroll', 'ir', '--server', url, '--ref', 'REF-1001', '--secret-env', 'CMP_SECRET', '--key', keys.alice!.ref, '--subject', 'CN=Alice Example,O=Signdesk Tests', '--out', out, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json).toMatchObject({ keyRef: keys.alice!.ref, polled: false, chain: 1, out });
    expect(json.subject).toContain('CN=Alice Example');
    expect(pemOf(out)).toBe(pemOf(aliceCert));
    expect(decodeCertificates(fs.readFileSync(out))).toHaveLength(2);
    expect(boundCertificate('alice')).toContain(pemOf(aliceCert));

    const wrong = await cli(['enroll', 'ir', '--server', url, '--ref', 'REF-1001', '--secret-env', 'WRONG_SECRET', '--key', keys.alice!.ref, '--subject', 'CN=Alice Example', '--json']);
    expect(wrong.code).toBe(1);
    // The server cannot check our MAC and says so; its answer cannot be authenticated either.
    expect(wrong.stderr).toMatch(/ERR_CA_REJECTED: .*wrong pbm value.*unauthenticated/);
    expect(JSON.parse(wrong.stdout).error.code).toBe('ERR_CA_REJECTED');

    // The server hands out Alice's certificate whatever key asks: for another key it must be refused.
    const foreign = await cli(['enroll', 'ir', '--server', url, '--ref', 'REF-1001', '--secret-env', 'CMP_SECRET', '--key', keys.stranger!.ref, '--subject', 'CN=Stranger']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/ERR_CA_RESPONSE_INVALID: .*requested public key/);
    expect(fs.existsSync(certificatePathFor(keys.stranger!.file))).toBe(false);
  });

  it('ir with delayed issuance: pollReq until the certificate comes', async () => {
    const aliceCert = path.join(ca.dir, 'alice.pem');
    const url = await mockServer(['-srv_ref', 'REF-1001', '-srv_secret', `pass:${CMP_SECRET}`, '-rsp_cert', aliceCert, '-poll_count', '2', '-check_after', '1']);
    const result = await cli(['enroll', 'ir', '--server', url, '--ref', 'REF-1001', '--secret-env', 'CMP_SECRET', '--key', keys.alice!.ref, '--subject', 'CN=Alice Example,O=Signdesk Tests', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).polled).toBe(true);
  });

  it('cr signature-protected by the current key: a temporary certificate within the main one', async () => {
    const tempCert = ca.issue('temp', keys.temp!.plain, { subject: '/CN=Alice Example temporary/O=Signdesk Tests', days: 7 });
    const url = await mockServer(['-srv_trusted', ca.cert, '-rsp_cert', tempCert]);
    const result = await cli(['enroll', 'cr', '--server', url, '--auth-key', keys.alice!.ref, '--key', keys.temp!.ref, '--subject', 'CN=Alice Example temporary,O=Signdesk Tests', '--days', '7', '--ca-cert', ca.cert, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(boundCertificate('temp')).toContain(pemOf(tempCert));

    // A CA answer that outlives the asked-for validity is refused.
    const short = await cli(['enroll', 'cr', '--server', url, '--auth-key', keys.alice!.ref, '--key', keys.temp!.ref, '--subject', 'CN=Alice Example temporary', '--days', '1', '--ca-cert', ca.cert]);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/ERR_CA_RESPONSE_INVALID: .*beyond the allowed/);
  });

  it('cr: the response must be signed by a trusted CA', async () => {
    const tempCert = path.join(ca.dir, 'temp.pem');
    const url = await mockServer(['-srv_trusted', ca.cert, '-rsp_cert', tempCert]);
    const other = new OpensslCa(path.join(dir, 'other-ca'), 'Other CA');
    const result = await cli(['enroll', 'cr', '--server', url, '--auth-key', keys.alice!.ref, '--key', keys.temp!.ref, '--subject', 'CN=x', '--ca-cert', other.cert]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ERR_CA_RESPONSE_INVALID: .*(do not trust|not authentic)/);
  });

  it('kur: renewal for a new key, authenticated by the current key', async () => {
    // The mock server checks oldCertID against the certificate it hands out, so the renewal certificate for
    // the new key carries the issuer and serial number of Alice's current one.
    const renewedCert = path.join(ca.dir, 'renewed.pem');
    ca.openssl(['req', '-new', '-key', keys.renewed!.plain, '-out', 'renewed.csr', '-subj', '/CN=Alice Example/O=Signdesk Tests']);
    ca.openssl(['x509', '-req', '-in', 'renewed.csr', '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${ca.serialOf(path.join(ca.dir, 'alice.pem'))}`, '-days', '60', '-out', renewedCert]);
    const url = await mockServer(['-srv_trusted', ca.cert, '-rsp_cert', renewedCert]);
    const out = path.join(dir, 'renewed-out.pem');
    const result = await cli(['enroll', 'kur', '--server', url, '--key', keys.alice!.ref, '--new-key', keys.renewed!.ref, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).keyRef).toBe(keys.renewed!.ref);
    expect(boundCertificate('renewed')).toContain(pemOf(renewedCert));
    expect(pemOf(out)).toBe(pemOf(renewedCert));
  });

  it('rr: revocation of the key’s own certificate with a reason', async () => {
    const aliceCert = path.join(ca.dir, 'alice.pem');
    const url = await mockServer(['-srv_trusted', ca.cert, '-rsp_cert', aliceCert]);
    const result = await cli(['enroll', 'rr', '--server', url, '--key', keys.alice!.ref, '--reason', 'keyCompromise', '--ca-cert', ca.cert, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'revoked', reason: 'keyCompromise', serial: ca.serialOf(aliceCert) });

    const badReason = await cli(['enroll', 'rr', '--server', url, '--key', keys.alice!.ref, '--reason', 'boredom']);
    expect(badReason.code).toBe(2);
  });
});
