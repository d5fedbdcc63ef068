import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEncryptedPkcs8 } from '../../main/core/keys/containers';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['openssl']);
const ATTEMPTS = 2000;

/**
 * A wrong password decrypts AES-CBC to noise whose padding is valid about once in 256 tries. That noise is no
 * PrivateKeyInfo, and the user must hear "wrong password", never "the key file is damaged". 2,000 wrong passwords
 * against a one-iteration PBES2 file (OpenSSL's) meet that case with a probability of 99.96%.
 */
describe.skipIf(missing)('wrong passwords on an encrypted PKCS#8 key', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-wrong-pass-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are ERR_PASSWORD_INCORRECT every time, also when the padding happens to pass', async () => {
    const plain = path.join(dir, 'key.pem');
    const encrypted = path.join(dir, 'key.p8');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', plain]);
    execFileSync('openssl', ['pkcs8', '-topk8', '-in', plain, '-v2', 'aes-256-cbc', '-iter', '1', '-outform', 'DER', '-out', encrypted, '-passout', 'pass:right-password']);
    const bytes = new Uint8Array(fs.readFileSync(encrypted));
    const codes = new Map<string, number>();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const code = await readEncryptedPkcs8(bytes, `wrong-${attempt}`).then(
        () => 'OPENED',
        (error: { code?: string }) => error.code ?? 'UNCODED',
      );
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(codes)).toEqual({ ERR_PASSWORD_INCORRECT: ATTEMPTS });
    expect((await readEncryptedPkcs8(bytes, 'right-password')).keys).toHaveLength(1);
  });
});
