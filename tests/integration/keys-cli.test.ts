import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyCabinetRecord } from '../../main/core/cabinet';
import { createServices } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

const missing = missingTools(['openssl']);
const PASSWORD = 'Пароль-1';
const SUBJECT = 'CN=Іван Петренко,O=ТОВ "Тест",EDRPOU=41234567,DRFO=1234567890,C=UA';

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe.skipIf(missing)('signdesk keygen / csr / cert import / keys with file keys', () => {
  let dir: string;
  let dataDir: string;
  let caKey: string;
  let caPem: string;
  const env = { SIGNDESK_PW: PASSWORD, SIGNDESK_WRONG: 'wrong' };
  const cli = (argv: string[], extraEnv: NodeJS.ProcessEnv = {}) => runSigndesk([...argv, '--data-dir', dataDir], { ...env, ...extraEnv });
  const issue = (csrFile: string, name: string): string => {
    const out = path.join(dir, `${name}.pem`);
    openssl(['x509', '-req', '-in', csrFile, '-CA', caPem, '-CAkey', caKey, '-CAcreateserial', '-days', '30', '-out', out]);
    return out;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-keys-cli-'));
    dataDir = path.join(dir, 'data');
    caKey = path.join(dir, 'ca.key');
    caPem = path.join(dir, 'ca.pem');
    openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-subj', '/CN=Keys Test CA', '-days', '2', '-out', caPem]);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a file key, requests, imports its certificate and lists it with identifiers', async () => {
    const keyFile = path.join(dir, 'accountant.key.pem');
    const generated = await cli(['keygen', '--key', `file:${keyFile}`, '--alg', 'ec-p256', '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    const record = generated.json<KeyCabinetRecord>();
    expect(record).toMatchObject({ storage: 'file', status: 'awaiting-certificate', keyRef: `file:${keyFile}`, owner: null });
    openssl(['pkey', '-in', keyFile, '-passin', `pass:${PASSWORD}`, '-noout']);

    const csrFile = path.join(dir, 'accountant.csr');
    const csr = await cli(['csr', '--key', record.id, '--subject', SUBJECT, '--out', csrFile, '--pass-env', 'SIGNDESK_PW']);
    expect(csr.code, csr.stderr).toBe(0);
    expect(fs.readFileSync(csrFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    const verified = execFileSync('sh', ['-c', 'openssl req -in "$0" -verify -noout -nameopt utf8,sep_comma_plus 2>&1; openssl req -in "$0" -noout -subject -nameopt utf8,sep_comma_plus', csrFile], { encoding: 'utf8' });
    expect(verified).toMatch(/verify OK/i);
    expect(verified).toContain('1.2.804.2.1.1.1.11.1.4.2.1=41234567');
    expect(verified).toContain('CN=Іван Петренко');

    const toStdout = await cli(['csr', '--key', `file:${keyFile}`, '--subject', 'CN=Second', '--pass-env', 'SIGNDESK_PW']);
    expect(toStdout.stdout).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----\n$/);

    // The cabinet knows the public key from the request: a PKCS#8 key's certificate is bound without the password.
    const wrongCert = await cli(['cert', 'import', '--key', record.id, caPem, '--json']);
    expect(wrongCert.code).toBe(2);
    expect(wrongCert.json<{ error: { code: string } }>().error.code).toBe('ERR_CERT_KEY_MISMATCH');

    const certFile = issue(csrFile, 'accountant');
    const bundle = path.join(dir, 'accountant-bundle.pem');
    fs.writeFileSync(bundle, fs.readFileSync(certFile, 'utf8') + fs.readFileSync(caPem, 'utf8'));
    const imported = await cli(['cert', 'import', '--key', record.id, bundle]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Іван Петренко');
    expect(fs.readFileSync(`${keyFile}.crt.pem`, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);

    const listed = await cli(['keys', '--json']);
    const key = listed.json<KeyCabinetRecord[]>().find((item) => item.id === record.id)!;
    expect(key).toMatchObject({ status: 'active', owner: 'Іван Петренко', organisation: 'ТОВ "Тест"', identifiers: { EDRPOU: '41234567', RNOKPP: '1234567890' } });
    expect(Object.keys(key).sort()).toEqual(['created', 'id', 'identifiers', 'keyRef', 'name', 'notAfter', 'notBefore', 'organisation', 'owner', 'status', 'storage']);
    const human = await cli(['keys']);
    expect(human.stdout).toContain('EDRPOU: 41234567');
    expect(human.stdout).toContain('Status: active');
  });

  it('adds an existing PKCS#12 to the cabinet as an encrypted copy with its certificate', async () => {
    const userKey = path.join(dir, 'user.key');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', userKey]);
    const csrFile = path.join(dir, 'user.csr');
    openssl(['req', '-new', '-key', userKey, '-subj', '/CN=Petro/O=Org/2.5.4.97=NTRUA-12345678', '-out', csrFile]);
    const cert = issue(csrFile, 'user');
    const p12 = path.join(dir, 'from-windows.pfx');
    openssl(['pkcs12', '-export', '-inkey', userKey, '-in', cert, '-certfile', caPem, '-passout', `pass:${PASSWORD}`, '-out', p12, '-legacy']);

    const wrong = await cli(['keys', 'add', `file:${p12}`, '--pass-env', 'SIGNDESK_WRONG']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^signdesk: ERR_PASSWORD_INCORRECT: /);
    expect(wrong.stderr).not.toContain('wrong');
    const noSecret = await cli(['keys', 'add', `file:${p12}`]);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('ERR_PASSWORD_REQUIRED');

    const added = await cli(['keys', 'add', `file:${p12}`, '--name', 'Petro (imported)', '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const record = added.json<KeyCabinetRecord>();
    expect(record).toMatchObject({ name: 'Petro (imported)', storage: 'file', status: 'active', owner: 'Petro', identifiers: { EDRPOU: '12345678' } });
    const copy = record.keyRef.slice('file:'.length);
    expect(path.dirname(copy)).toBe(path.join(dataDir, 'keys'));
    expect(fs.readFileSync(copy).equals(fs.readFileSync(p12))).toBe(true);

    // The same key again is recognised (by its public key) and not copied a second time.
    const copies = fs.readdirSync(path.join(dataDir, 'keys')).length;
    const again = await cli(['keys', 'add', `file:${p12}`, '--pass-env', 'SIGNDESK_PW']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^signdesk: ERR_KEY_ALREADY_ADDED: .*Petro \(imported\)/);
    expect(fs.readdirSync(path.join(dataDir, 'keys'))).toHaveLength(copies);

    const request = await cli(['csr', '--key', record.id, '--subject', 'CN=Petro', '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(request.code, request.stderr).toBe(0);
  });

  it('writes PKCS#12 for .p12 names and refuses blocked keys, unknown ids and bad arguments', async () => {
    const p12 = path.join(dir, 'new.p12');
    const generated = await cli(['keygen', '--key', `file:${p12}`, '--alg', 'rsa-2048', '--label', 'Director', '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    const record = generated.json<KeyCabinetRecord>();
    expect(record.name).toBe('Director');
    expect(openssl(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nocerts', '-nodes'])).toMatch(/BEGIN PRIVATE KEY/);
    const exists = await cli(['keygen', '--key', `file:${p12}`, '--alg', 'rsa-2048', '--pass-env', 'SIGNDESK_PW']);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('ERR_OUTPUT_EXISTS');

    const services = createServices({ dataDir, runtime: 'cli', secrets: new MemorySecretStore() });
    try {
      services.cabinet.records.update(record.id, { blocked: true });
    } finally {
      await services.close();
    }
    const blocked = await cli(['csr', '--key', record.id, '--subject', 'CN=x', '--pass-env', 'SIGNDESK_PW']);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain('ERR_KEY_BLOCKED');
    const listed = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>();
    expect(listed.find((item) => item.id === record.id)?.status).toBe('blocked');

    expect((await cli(['csr', '--key', 'no-such-id', '--subject', 'CN=x'])).stderr).toContain('ERR_KEY_NOT_FOUND');
    const badAlg = await cli(['keygen', '--key', `file:${path.join(dir, 'x.pem')}`, '--alg', 'dsa']);
    expect(badAlg.code).toBe(2);
    expect(badAlg.stderr).toContain('ERR_USAGE');
    const badDn = await cli(['csr', '--key', `file:${path.join(dir, 'accountant.key.pem')}`, '--subject', 'NOTATYPE=1', '--pass-env', 'SIGNDESK_PW']);
    expect(badDn.code).toBe(2);
  });

  it('binds a certificate from a .p7b bundle inside a PKCS#12 key file, keeping the file readable by openssl', async () => {
    const p12 = path.join(dir, 'bound.p12');
    const generated = await cli(['keygen', '--key', `file:${p12}`, '--alg', 'ec-p384', '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    const csrFile = path.join(dir, 'bound.csr');
    expect((await cli(['csr', '--key', `file:${p12}`, '--subject', 'CN=Bound,organizationIdentifier=NTRUA-30000003', '--out', csrFile, '--pass-env', 'SIGNDESK_PW'])).code).toBe(0);
    const cert = issue(csrFile, 'bound');
    const p7b = path.join(dir, 'bound.p7b');
    openssl(['crl2pkcs7', '-nocrl', '-certfile', cert, '-certfile', caPem, '-outform', 'DER', '-out', p7b]);
    const before = fs.readFileSync(p12);
    const wrong = await cli(['cert', 'import', '--key', `file:${p12}`, p7b, '--pass-env', 'SIGNDESK_WRONG']);
    expect(wrong.stderr).toContain('ERR_PASSWORD_INCORRECT');
    expect(fs.readFileSync(p12).equals(before)).toBe(true);

    const imported = await cli(['cert', 'import', '--key', `file:${p12}`, p7b, '--pass-env', 'SIGNDESK_PW', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json<{ subject: string; chain: number }>()).toMatchObject({ chain: 1 });
    const certs = openssl(['pkcs12', '-in', p12, '-passin', `pass:${PASSWORD}`, '-nokeys']);
    expect(certs.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const key = (await cli(['keys', '--json'])).json<KeyCabinetRecord[]>().find((item) => item.keyRef === `file:${p12}`);
    expect(key).toMatchObject({ status: 'active', owner: 'Bound', identifiers: { EDRPOU: '30000003' } });
  });
});
