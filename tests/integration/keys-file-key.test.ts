import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeFileKeyPassword,
  exportFileKeyAsPkcs12,
  generateFileKey,
  openFileKey,
  readFileKey,
  storeFileKeyCertificate,
  writePkcs12,
} from '../../main/core/keys/file-key';
import { missingTools } from '../helpers/require-tools';
import { signWith } from '../helpers/signing';

const missing = missingTools(['openssl']);
const PASSWORD = 'correct horse Ü';

function openssl(args: string[], input?: string | Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

/** The signature over SHA-256(data), checked by node:crypto hashing the data itself. */
function verifiesWith(certificatePem: string | Buffer, signature: Uint8Array, data: string): boolean {
  const publicKey = new crypto.X509Certificate(certificatePem).publicKey;
  return crypto.verify('sha256', Buffer.from(data), { key: publicKey, dsaEncoding: 'der' }, signature);
}

describe.skipIf(missing)('file keys interoperate with OpenSSL', () => {
  let dir: string;
  let certPem: string;
  let caPem: string;
  let opensslKeyPem: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-file-key-'));
    opensslKeyPem = path.join(dir, 'openssl-key.pem');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', opensslKeyPem]);
    const caKey = path.join(dir, 'ca-key.pem');
    caPem = path.join(dir, 'ca.pem');
    openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-subj', '/CN=Test CA', '-days', '2', '-out', caPem]);
    const csr = path.join(dir, 'user.csr');
    openssl(['req', '-new', '-key', opensslKeyPem, '-subj', '/CN=Test User/O=Test Org', '-out', csr]);
    certPem = path.join(dir, 'user.pem');
    openssl(['x509', '-req', '-in', csr, '-CA', caPem, '-CAkey', caKey, '-CAcreateserial', '-days', '1', '-out', certPem]);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes encrypted PKCS#8 PEM with PBES2, PBKDF2-HMAC-SHA256 at 600,000 iterations and AES-256-CBC that openssl pkey reads', async () => {
    const file = path.join(dir, 'ec.key.pem');
    const generated = await generateFileKey(file, { kind: 'EC', namedCurve: 'P-256' }, PASSWORD);
    expect(generated.format).toBe('pkcs8');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const parsed = openssl(['asn1parse', '-in', file]).toString();
    expect(parsed).toMatch(/:PBES2/);
    expect(parsed).toMatch(/:PBKDF2/);
    expect(parsed).toMatch(/INTEGER\s+:0927C0/); // 600000
    expect(parsed).toMatch(/:hmacWithSHA256/);
    expect(parsed).toMatch(/:aes-256-cbc/);
    const publicPem = openssl(['pkey', '-in', file, '-passin', `pass:${PASSWORD}`, '-pubout']).toString();
    expect(Buffer.from(generated.publicKeySpki).equals(crypto.createPublicKey(publicPem).export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(() => openssl(['pkey', '-in', file, '-passin', 'pass:wrong', '-noout'])).toThrow();
    await expect(generateFileKey(file, { kind: 'EC', namedCurve: 'P-256' }, PASSWORD)).rejects.toMatchObject({ code: 'ERR_OUTPUT_EXISTS' });
  });

  it('opens keys encrypted by openssl: PBES2 AES, scrypt and the legacy PBE-SHA1-3DES, PEM and DER', async () => {
    const cases: Array<{ name: string; args: string[] }> = [
      { name: 'aes.pem', args: ['-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA512'] },
      { name: 'scrypt.pem', args: ['-scrypt'] },
      { name: '3des.pem', args: ['-v1', 'PBE-SHA1-3DES'] },
      { name: 'aes128.der', args: ['-v2', 'aes-128-cbc', '-outform', 'DER'] },
    ];
    const expected = crypto.createPublicKey(fs.readFileSync(opensslKeyPem)).export({ type: 'spki', format: 'der' });
    for (const { name, args } of cases) {
      const file = path.join(dir, name);
      openssl(['pkcs8', '-topk8', '-in', opensslKeyPem, '-passout', `pass:${PASSWORD}`, '-out', file, ...args]);
      const key = await openFileKey(file, PASSWORD);
      expect(Buffer.from(key.publicKeySpki).equals(expected), name).toBe(true);
      await expectCode(openFileKey(file, 'not the password'), 'ERR_PASSWORD_INCORRECT');
    }
  });

  it('picks up the certificate stored beside a PKCS#8 key and signs verifiably', async () => {
    const file = path.join(dir, 'with-cert.pem');
    openssl(['pkcs8', '-topk8', '-in', opensslKeyPem, '-passout', `pass:${PASSWORD}`, '-out', file]);
    const certDer = new crypto.X509Certificate(fs.readFileSync(certPem)).raw;
    const caDer = new crypto.X509Certificate(fs.readFileSync(caPem)).raw;
    const before = fs.readFileSync(file);
    await storeFileKeyCertificate(file, certDer, [caDer]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}.crt.pem`)).toBe(true);
    const key = await openFileKey(file, PASSWORD);
    expect(Buffer.from(key.certificate!).equals(certDer)).toBe(true);
    expect(key.chain).toHaveLength(1);
    const signed = Buffer.from('document');
    expect(verifiesWith(fs.readFileSync(certPem), await signWith(key, signed), 'document')).toBe(true);

    const exported = path.join(dir, 'exported.pfx');
    await exportFileKeyAsPkcs12(file, PASSWORD, exported, 'export-pass');
    const certs = openssl(['pkcs12', '-in', exported, '-passin', 'pass:export-pass', '-nokeys']).toString();
    expect(certs.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    openssl(['pkcs12', '-in', exported, '-passin', 'pass:export-pass', '-nocerts', '-nodes']);
    await expect(exportFileKeyAsPkcs12(file, PASSWORD, exported, 'x')).rejects.toMatchObject({ code: 'ERR_OUTPUT_EXISTS' });
  });

  it.each([
    { name: 'default (AES-256, SHA-256 MAC)', args: [] as string[] },
    { name: 'legacy (RC2-40 certificates, 3DES key, SHA-1 MAC)', args: ['-legacy'] },
    { name: 'PBE-SHA1-3DES everywhere, SHA-1 MAC', args: ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'] },
  ])('imports a PKCS#12 written by openssl: $name', async ({ args }) => {
    const file = path.join(dir, `openssl-${args.join('') || 'default'}.p12`);
    openssl(['pkcs12', '-export', '-inkey', opensslKeyPem, '-in', certPem, '-certfile', caPem, '-name', 'Мій ключ', '-passout', `pass:${PASSWORD}`, '-out', file, ...args]);
    const contents = await readFileKey(file, PASSWORD);
    expect(contents.container).toBe('pkcs12');
    expect(contents.friendlyName).toBe('Мій ключ');
    expect(Buffer.from(contents.certificate!).equals(new crypto.X509Certificate(fs.readFileSync(certPem)).raw)).toBe(true);
    expect(contents.chain.map((der) => new crypto.X509Certificate(der).subject)).toEqual(['CN=Test CA']);
    const key = await openFileKey(file, PASSWORD);
    const signed = Buffer.from('act.pdf');
    expect(verifiesWith(fs.readFileSync(certPem), await signWith(key, signed), 'act.pdf')).toBe(true);
    const before = fs.readFileSync(file);
    await expectCode(openFileKey(file, 'wrong'), 'ERR_PASSWORD_INCORRECT');
    await expectCode(changeFileKeyPassword(file, 'wrong', 'new password'), 'ERR_PASSWORD_INCORRECT');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('exports PKCS#12 with AES-256 and a SHA-256 MAC that openssl pkcs12 reads back', async () => {
    const file = path.join(dir, 'export.p12');
    const privateKey = crypto.createPrivateKey(fs.readFileSync(opensslKeyPem));
    const certDer = new crypto.X509Certificate(fs.readFileSync(certPem)).raw;
    const caDer = new crypto.X509Certificate(fs.readFileSync(caPem)).raw;
    fs.writeFileSync(file, await writePkcs12({ privateKeyInfo: new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })), publicKeySpki: new Uint8Array(crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' })), certificate: certDer, chain: [caDer], friendlyName: 'export' }, PASSWORD));
    const info = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, '-info', '-noout'], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    const infoText = execFileSync('sh', ['-c', 'openssl pkcs12 -in "$0" -passin "pass:$1" -info -noout 2>&1', file, PASSWORD], { encoding: 'utf8' });
    expect(info + infoText).toMatch(/MAC: sha256, Iteration 600000/);
    expect(infoText).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256/);
    const keyOut = openssl(['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, '-nocerts', '-nodes']).toString();
    expect(crypto.createPrivateKey(keyOut).export({ type: 'pkcs8', format: 'der' }).equals(privateKey.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
    const certsOut = openssl(['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, '-nokeys']).toString();
    expect(certsOut.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(() => openssl(['pkcs12', '-in', file, '-passin', 'pass:wrong', '-noout'])).toThrow();
  });

  it('generates PKCS#12 key files by name and changes passwords atomically', async () => {
    const file = path.join(dir, 'new.pfx');
    const generated = await generateFileKey(file, { kind: 'EC', namedCurve: 'P-384' }, PASSWORD);
    expect(generated.format).toBe('pkcs12');
    const keyOut = openssl(['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, '-nocerts', '-nodes']).toString();
    expect(crypto.createPublicKey(keyOut).export({ type: 'spki', format: 'der' }).equals(Buffer.from(generated.publicKeySpki))).toBe(true);

    await changeFileKeyPassword(file, PASSWORD, 'second');
    await expectCode(openFileKey(file, PASSWORD), 'ERR_PASSWORD_INCORRECT');
    const key = await openFileKey(file, 'second');
    expect(key.algorithm).toEqual({ kind: 'EC', namedCurve: 'P-384' });
    openssl(['pkcs12', '-in', file, '-passin', 'pass:second', '-nocerts', '-nodes']);

    const pem = path.join(dir, 'change.key.pem');
    await generateFileKey(pem, { kind: 'RSA', modulusLength: 2048 }, PASSWORD);
    await changeFileKeyPassword(pem, PASSWORD, 'third');
    expect(fs.readFileSync(pem, 'latin1')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    openssl(['pkey', '-in', pem, '-passin', 'pass:third', '-noout']);
    expect(() => openssl(['pkey', '-in', pem, '-passin', `pass:${PASSWORD}`, '-noout'])).toThrow();
  });

  it('reports damaged files as ERR_KEY_FILE_CORRUPT and leaves them untouched', async () => {
    const good = path.join(dir, 'good.key.pem');
    await generateFileKey(good, { kind: 'EC', namedCurve: 'P-256' }, PASSWORD);
    const garbage = path.join(dir, 'garbage.p12');
    fs.writeFileSync(garbage, crypto.randomBytes(300));
    // Random bytes are no container at all; a container cut short is a damaged one.
    await expectCode(openFileKey(garbage, PASSWORD), 'ERR_KEY_FILE_UNKNOWN');
    const truncated = path.join(dir, 'truncated.p12');
    openssl(['pkcs12', '-export', '-inkey', opensslKeyPem, '-in', certPem, '-passout', `pass:${PASSWORD}`, '-out', truncated]);
    fs.writeFileSync(truncated, fs.readFileSync(truncated).subarray(0, 200));
    const truncatedBytes = fs.readFileSync(truncated);
    await expectCode(openFileKey(truncated, PASSWORD), 'ERR_KEY_FILE_CORRUPT');
    await expectCode(changeFileKeyPassword(truncated, PASSWORD, 'x'), 'ERR_KEY_FILE_CORRUPT');
    expect(fs.readFileSync(truncated).equals(truncatedBytes)).toBe(true);
    const badPem = path.join(dir, 'bad.key.pem');
    fs.writeFileSync(badPem, fs.readFileSync(good, 'latin1').replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!'));
    fs.writeFileSync(badPem, '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n');
    await expectCode(openFileKey(badPem, PASSWORD), 'ERR_KEY_FILE_CORRUPT');
    await expectCode(openFileKey(path.join(dir, 'absent.pem'), PASSWORD), 'ERR_KEY_NOT_FOUND');
  });
});
