import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFileKey, openFileKey, pemEncode } from '../../main/core/keys/file-key';
import type { SecretProvider } from '../../main/core/keys';
import { createCsr } from '../../main/core/pki/csr';
import { createServices, type Services } from '../../main/core/services';
import { fileKeyPasswordAccount, MemorySecretStore } from '../../main/core/secrets';
import { missingTools } from '../helpers/require-tools';
import { signWith } from '../helpers/signing';

const missing = missingTools(['openssl']);
const PASSWORD = 'store-password';

function providing(password: string, asked: string[] = []): SecretProvider {
  return async (request) => {
    asked.push(`${request.kind}:${request.purpose}`);
    return password;
  };
}

describe.skipIf(missing)('KeyStore and CSRs against OpenSSL and SQLite', () => {
  let dir: string;
  let services: Services;
  const secrets = new MemorySecretStore();

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-key-store-'));
    services = createServices({ dataDir: path.join(dir, 'data'), runtime: 'cli', secrets });
  });

  afterAll(async () => {
    await services?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'ec-p256', algorithm: { kind: 'EC', namedCurve: 'P-256' } as const, hash: 'sha256' },
    { name: 'ec-p384', algorithm: { kind: 'EC', namedCurve: 'P-384' } as const, hash: 'sha384' },
    { name: 'rsa-3072', algorithm: { kind: 'RSA', modulusLength: 3072 } as const, hash: 'sha256' },
  ])('creates CSRs with $name file keys that openssl req -verify accepts, identifiers given by name', async ({ name, algorithm, hash }) => {
    const keyFile = path.join(dir, `${name}.key.pem`);
    await generateFileKey(keyFile, algorithm, PASSWORD);
    const key = await openFileKey(keyFile, PASSWORD);
    const der = await createCsr(key, 'CN=Test,serialNumber=TINUA-1234567890,organizationIdentifier=NTRUA-41234567,INN=7700000000,OGRN=1027700000000,SNILS=12345678901,C=UA');
    const csrFile = path.join(dir, `${name}.csr`);
    fs.writeFileSync(csrFile, pemEncode('CERTIFICATE REQUEST', der));
    const text = execFileSync('sh', ['-c', 'openssl req -in "$0" -verify -noout -text 2>&1', csrFile], { encoding: 'utf8' });
    expect(text).toMatch(/verify OK/i);
    expect(text).toContain(`${hash === 'sha384' ? 'ecdsa-with-SHA384' : algorithm.kind === 'EC' ? 'ecdsa-with-SHA256' : 'sha256WithRSAEncryption'}`);
    // OpenSSL knows the Russian OIDs by their short names.
    for (const part of [/serialNumber = TINUA-1234567890/, /organizationIdentifier = NTRUA-41234567/, /\bINN = 7700000000/, /\bOGRN = 1027700000000/, /\bSNILS = 12345678901/]) {
      expect(text).toMatch(part);
    }
  });

  it('uses a remembered password from the secret store and asks only when it fails', async () => {
    const keyFile = path.join(dir, 'remembered.key.pem');
    const record = await services.keys.generate({ keyRef: `file:${keyFile}`, algorithm: 'ec-p256', name: 'Remembered' }, providing(PASSWORD));
    await expect(services.keys.rememberPassword(record.id, 'not it')).rejects.toMatchObject({ code: 'ERR_PASSWORD_INCORRECT' });
    expect(await secrets.get(fileKeyPasswordAccount(record.id))).toBeUndefined();
    await services.keys.rememberPassword(record.id, PASSWORD);
    expect(await secrets.get(fileKeyPasswordAccount(record.id))).toBe(PASSWORD);

    const asked: string[] = [];
    const key = await services.keys.open(record.id, providing('never used', asked));
    expect(asked).toEqual([]);
    const signed = Buffer.from('x');
    const signature = await signWith(key, signed);
    const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
    expect(crypto.verify('sha256', Buffer.from('x'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);

    await secrets.set(fileKeyPasswordAccount(record.id), 'stale');
    await services.keys.open(record.id, providing(PASSWORD, asked));
    expect(asked).toEqual(['password:open']);
    expect(await services.keys.forgetPassword(record.id)).toBe(true);
  });

  it('keeps the latest request with the cabinet key', async () => {
    const keyFile = path.join(dir, 'requested.key.pem');
    const record = await services.keys.generate({ keyRef: `file:${keyFile}`, algorithm: 'ec-p256', label: 'Requested' }, providing(PASSWORD));
    const der = await services.keys.createRequest(record.id, 'CN=Requested', providing(PASSWORD));
    const stored = services.cabinet.records.get(record.id);
    expect(Buffer.from(stored.request!).equals(Buffer.from(der))).toBe(true);
    expect(stored.requestPurpose).toBe('new');
    expect(services.cabinet.request(record.id).subject).toBe('CN=Requested');
  });
});
