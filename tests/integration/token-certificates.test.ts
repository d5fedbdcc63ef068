import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService, type TokenInfo, type TokenKey } from '../../main/core/token';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { openTokenKey, signWith } from '../helpers/signing';

const missing = missingTools(['softhsm2-util', 'pkcs11-tool', 'openssl', SOFTHSM_MODULE]);

describe.skipIf(missing)('certificates on the token (SoftHSM2)', () => {
  let hsm: SoftHsm;
  let tokens: TokenService;
  let token: TokenInfo;
  let key: TokenKey;
  let certificate: Buffer;
  let caCertificate: Buffer;

  /** A certificate from a throw-away OpenSSL CA for the token key's public key. */
  function issueFor(spki: Uint8Array, dir: string): Buffer {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    fs.writeFileSync(path.join(dir, 'pub.pem'), crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }));
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Token Test CA', '-days', '2');
    run('req', '-new', '-key', 'ca.key', '-subj', '/CN=Holder/O=Signdesk', '-out', 'any.csr');
    run('x509', '-req', '-in', 'any.csr', '-force_pubkey', 'pub.pem', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x1234AB', '-days', '1', '-outform', 'DER', '-out', 'holder.der');
    run('x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der');
    caCertificate = fs.readFileSync(path.join(dir, 'ca.der'));
    return fs.readFileSync(path.join(dir, 'holder.der'));
  }

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Certs' });
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    token = await tokens.findToken({ label: 'Certs' });
    key = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'holder', pin: hsm.pin });
    certificate = issueFor(key.publicKeySpki!, hsm.dir);
  });

  afterAll(async () => {
    await tokens?.close();
    hsm?.cleanup();
  });

  it('stores the certificate with the key CKA_ID, subject, issuer and serial', async () => {
    expect(await tokens.bindCertificate(token, key.id, certificate, { label: 'holder-cert', pin: hsm.pin })).toEqual({ id: key.id, label: 'holder-cert' });
    const listing = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', 'Certs', '-O', '--type', 'cert'], { env: hsm.env }).toString();
    expect(listing).toContain('label:      holder-cert');
    expect(listing).toContain(`ID:         ${key.id}`);
    expect(listing).toMatch(/subject:\s+DN: CN\s*=\s*Holder, O\s*=\s*Signdesk/);
    expect(listing).toMatch(/serial:\s+1234AB/i);
  });

  it('pairs keys with their certificates and hands the certificate to the signing key', async () => {
    const listed = (await tokens.listKeys(token, hsm.pin)).find((entry) => entry.id === key.id);
    expect(Buffer.from(listed!.certificate!).equals(certificate)).toBe(true);
    const signingKey = await openTokenKey(tokens, key.uri, hsm.pin);
    expect(Buffer.from(signingKey.certificate!).equals(certificate)).toBe(true);
    const signed = Buffer.from('signed');
    const signature = await signWith(signingKey, signed);
    expect(crypto.verify('sha256', Buffer.from('signed'), { key: new crypto.X509Certificate(certificate).publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
  });

  it('accepts PEM, does not duplicate a certificate imported twice, and refuses a certificate of another key', async () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64')}\n-----END CERTIFICATE-----\n`;
    await tokens.bindCertificate(token, key.id, Buffer.from(pem), { pin: hsm.pin });
    const listing = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', 'Certs', '-O', '--type', 'cert'], { env: hsm.env }).toString();
    expect(listing.match(/Certificate Object/g)).toHaveLength(1);
    await expect(tokens.bindCertificate(token, key.id, caCertificate, { pin: hsm.pin })).rejects.toMatchObject({ code: 'ERR_CERT_KEY_MISMATCH' });
    await expect(tokens.bindCertificate(token, 'ffff', certificate, { pin: hsm.pin })).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
    await expect(tokens.bindCertificate(token, key.id, Buffer.from('garbage'))).rejects.toMatchObject({ code: 'ERR_CERT_MALFORMED' });
  });
});
