import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyCabinetRecord } from '../../main/core/cabinet';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

const missing = missingTools(['softhsm2-util', 'pkcs11-tool', 'openssl', SOFTHSM_MODULE]);

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe.skipIf(missing)('signdesk keygen / csr / cert import / keys with SoftHSM2 token keys', () => {
  let hsm: SoftHsm;
  let dir: string;
  let caKey: string;
  let caPem: string;
  let env: NodeJS.ProcessEnv;
  const cli = (argv: string[], extra: NodeJS.ProcessEnv = {}) => runSigndesk(argv, { ...env, ...extra });
  const uri = (object: string) => `pkcs11:token=${hsm.label};object=${object}?module-path=${hsm.modulePath}`;

  beforeAll(() => {
    hsm = createSoftHsm({ label: 'Accountant' });
    dir = hsm.dir;
    env = { ...hsm.env, SIGNDESK_DATA_DIR: path.join(dir, 'data'), TOKEN_PIN: hsm.pin, BAD_PIN: '000000' };
    caKey = path.join(dir, 'ca.key');
    caPem = path.join(dir, 'ca.pem');
    openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-subj', '/CN=Token Test CA', '-days', '2', '-out', caPem]);
  });

  afterAll(() => hsm?.cleanup());

  it.each(['ec-p256', 'rsa-2048'])('generates a %s key on the token, requests a certificate and binds it', async (alg) => {
    const object = `main-${alg}`;
    const generated = await cli(['keygen', '--key', uri(object), '--alg', alg, '--pin-env', 'TOKEN_PIN', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    const record = generated.json<KeyCabinetRecord>();
    expect(record).toMatchObject({ storage: 'token', name: object, status: 'awaiting-certificate' });
    expect(record.keyRef).toMatch(/^pkcs11:.*token=Accountant/);
    expect(record.keyRef).not.toContain('pin-value');
    const objects = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', hsm.label, '--login', '--pin', hsm.pin, '-O'], { env: hsm.env, encoding: 'utf8' });
    expect(objects).toContain(`label:      ${object}`);
    expect(objects).toMatch(/Access:\s+sensitive, always sensitive, never extractable, local/);

    const csrFile = path.join(dir, `${object}.csr`);
    const csr = await cli(['csr', '--key', record.id, '--subject', 'CN=Олена Коваль,O=ТОВ Рахунок,EDRPOU=40000001,C=UA', '--out', csrFile, '--pin-env', 'TOKEN_PIN']);
    expect(csr.code, csr.stderr).toBe(0);
    expect(execFileSync('sh', ['-c', 'openssl req -in "$0" -verify -noout 2>&1', csrFile], { encoding: 'utf8' })).toMatch(/verify OK/i);

    const certFile = path.join(dir, `${object}.pem`);
    openssl(['x509', '-req', '-in', csrFile, '-CA', caPem, '-CAkey', caKey, '-CAcreateserial', '-days', '30', '-out', certFile]);
    const derFile = path.join(dir, `${object}.cer`);
    openssl(['x509', '-in', certFile, '-outform', 'DER', '-out', derFile]);
    const imported = await cli(['cert', 'import', '--key', record.id, derFile, '--pin-env', 'TOKEN_PIN']);
    expect(imported.code, imported.stderr).toBe(0);
    const certObjects = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', hsm.label, '-O', '--type', 'cert'], { env: hsm.env, encoding: 'utf8' });
    expect(certObjects).toMatch(new RegExp(`Certificate Object[\\s\\S]*label:\\s+${object}`));

    const listed = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>().find((item) => item.id === record.id);
    expect(listed).toMatchObject({ status: 'active', owner: 'Олена Коваль', organisation: 'ТОВ Рахунок', identifiers: { EDRPOU: '40000001' } });
  });

  it('reads the PIN from pin-source=file: in the URI and registers an existing token key by URI', async () => {
    const pinFile = path.join(dir, 'pin.txt');
    fs.writeFileSync(pinFile, `${hsm.pin}\n`, { mode: 0o600 });
    const withPinSource = `pkcs11:token=${hsm.label};object=side-key?module-path=${hsm.modulePath}&pin-source=file:${pinFile}`;
    execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', hsm.label, '--login', '--pin', hsm.pin, '--keypairgen', '--key-type', 'EC:prime256v1', '--label', 'side-key', '--id', 'a1b2'], { env: hsm.env, stdio: 'ignore' });
    const added = await cli(['keys', 'add', withPinSource, '--name', 'Side key', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const record = added.json<KeyCabinetRecord>();
    expect(record).toMatchObject({ name: 'Side key', storage: 'token', status: 'awaiting-certificate' });
    expect(record.keyRef).toMatch(/id=%a1%b2/i);
    expect(record.keyRef).not.toContain('pin-source');
    const again = await cli(['keys', 'add', withPinSource]);
    expect(again.code).toBe(2);

    const csr = await cli(['csr', '--key', withPinSource, '--subject', 'CN=Side']);
    expect(csr.code, csr.stderr).toBe(0);
    expect(csr.stdout).toContain('BEGIN CERTIFICATE REQUEST');
  });

  it('refuses a wrong PIN and a certificate of another key', async () => {
    const wrongPin = await cli(['csr', '--key', uri('main-ec-p256'), '--subject', 'CN=x', '--pin-env', 'BAD_PIN', '--json']);
    expect(wrongPin.code).toBe(2);
    expect(wrongPin.json<{ error: { code: string } }>().error.code).toBe('ERR_PIN_INCORRECT');
    const mismatch = await cli(['cert', 'import', '--key', uri('main-ec-p256'), caPem, '--pin-env', 'TOKEN_PIN']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('ERR_CERT_KEY_MISMATCH');
    const noPin = await cli(['csr', '--key', uri('main-ec-p256'), '--subject', 'CN=x']);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('ERR_PIN_REQUIRED');
  });

  it('shows token keys as token-absent while their token is unplugged', async () => {
    const plugBack = hsm.removeToken();
    try {
      const absent = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>().filter((key) => key.storage === 'token');
      expect(absent.length).toBeGreaterThan(0);
      expect(absent.every((key) => key.status === 'token-absent')).toBe(true);
    } finally {
      plugBack();
    }
    const present = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>().filter((key) => key.storage === 'token');
    expect(present.map((key) => key.status)).not.toContain('token-absent');
  });
});
