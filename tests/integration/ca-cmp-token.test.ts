import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KeyCabinetRecord } from '../../main/core/cabinet';
import { OpensslCa, startOpensslServer, type RunningServer } from '../helpers/openssl-ca';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';

const missing = missingTools(['openssl', 'softhsm2-util', 'pkcs11-tool', SOFTHSM_MODULE]);

describe.skipIf(missing)('CMP with a token key: a temporary hardware key vouched for by the main file key', () => {
  let hsm: SoftHsm;
  let ca: OpensslCa;
  let env: NodeJS.ProcessEnv;
  let mainKeyRef: string;
  let tokenKey: KeyCabinetRecord;
  const servers: RunningServer[] = [];
  const cli = (argv: string[]) => runSigndesk(argv, env);
  const tokenCertificates = () =>
    execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', hsm.label, '-O', '--type', 'cert'], { env: hsm.env, encoding: 'utf8' });

  async function mockServer(rspCert: string): Promise<string> {
    const server = await startOpensslServer((port) => ['cmp', '-port', String(port), '-srv_cert', ca.cert, '-srv_key', ca.key, '-srv_trusted', ca.cert, '-rsp_cert', rspCert, '-rsp_capubs', ca.cert], ca.dir);
    servers.push(server);
    return `http://127.0.0.1:${server.port}/pkix/`;
  }

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Accountant' });
    ca = new OpensslCa(path.join(hsm.dir, 'ca'));
    env = { ...hsm.env, SIGNDESK_DATA_DIR: path.join(hsm.dir, 'data'), TOKEN_PIN: hsm.pin, KEYPASS: 'main-key-pass' };

    // The main key: an encrypted file key with its certificate bound.
    const plain = ca.newKey('main');
    const mainFile = path.join(hsm.dir, 'main.enc.pem');
    ca.openssl(['pkey', '-in', plain, '-aes-256-cbc', '-passout', 'pass:main-key-pass', '-out', mainFile]);
    mainKeyRef = `file:${mainFile}`;
    const mainCert = ca.issue('main', plain, { subject: '/CN=Olena Koval/O=Signdesk Tests', days: 30 });
    const bound = await cli(['cert', 'import', '--key', mainKeyRef, mainCert, '--pass-env', 'KEYPASS']);
    expect(bound.code, bound.stderr).toBe(0);

    // The temporary key: generated on the token; the test CA issues its certificate from the key's own CSR.
    const generated = await cli(['keygen', '--key', `pkcs11:token=${hsm.label};object=temp-hw?module-path=${hsm.modulePath}`, '--alg', 'ec-p256', '--pin-env', 'TOKEN_PIN', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    tokenKey = generated.json<KeyCabinetRecord>();
    const csr = path.join(ca.dir, 'temp-hw.csr');
    const made = await cli(['csr', '--key', tokenKey.id, '--subject', 'CN=Olena Koval (temporary),O=Signdesk Tests', '--out', csr, '--pin-env', 'TOKEN_PIN']);
    expect(made.code, made.stderr).toBe(0);
    ca.openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', '0x5151', '-days', '3', '-out', path.join(ca.dir, 'temp-hw.pem')]);
  });

  afterEach(async () => {
    while (servers.length > 0) await servers.pop()!.stop();
  });

  afterAll(() => hsm?.cleanup());

  it('cr: the token key proves possession, the file key authenticates; the certificate lands on the token', async () => {
    const url = await mockServer(path.join(ca.dir, 'temp-hw.pem'));
    const result = await cli([
      'enroll', 'cr', '--server', url, '--auth-key', mainKeyRef, '--key', tokenKey.id, '--subject', 'CN=Olena Koval (temporary),O=Signdesk Tests',
      '--days', '3', '--ca-cert', ca.cert, '--pass-env', 'KEYPASS', '--pin-env', 'TOKEN_PIN', '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<{ keyRef: string }>().keyRef).toBe(tokenKey.id);
    expect(tokenCertificates()).toMatch(/Certificate Object[\s\S]*label:\s+temp-hw/);
    const listed = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>().find((item) => item.id === tokenKey.id);
    expect(listed?.status).toBe('active');
  });

  it('rr signed by the token key revokes its certificate', async () => {
    const url = await mockServer(path.join(ca.dir, 'temp-hw.pem'));
    const result = await cli(['enroll', 'rr', '--server', url, '--key', tokenKey.id, '--reason', 'cessationOfOperation', '--ca-cert', ca.cert, '--pin-env', 'TOKEN_PIN', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ status: 'revoked', serial: '5151', reason: 'cessationOfOperation' });
  });

  it('a wrong token PIN stops before anything is sent (exit 2)', async () => {
    const result = await runSigndesk(['enroll', 'rr', '--server', 'http://127.0.0.1:9/', '--key', tokenKey.id, '--pin-env', 'BAD_PIN'], { ...env, BAD_PIN: '000000' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ERR_PIN_INCORRECT/);
  });
});
