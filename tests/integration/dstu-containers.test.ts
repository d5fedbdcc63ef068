import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DstuPrivateKey, DstuPublicKey } from '../../main/core/crypto/dstu';
import { readKeyContainer } from '../../main/core/keys/containers';
import { isSigndeskError } from '../../preload/contract/errors';
import { bcMakeKeyStore, bcVerifyRaw, bouncyCastleClasses } from '../helpers/bouncy-castle';
import { certificateParts } from '../helpers/bouncy-castle/dstu-cms';
import { missingTools } from '../helpers/require-tools';

const missing = missingTools(['java', 'javac']);
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/dstu', name)));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isSigndeskError(error) ? error.code : `not coded: ${String(error)}`;
  }
  return 'no error';
}

describe.skipIf(missing)('key containers against the JDK and Bouncy Castle', () => {
  beforeAll(() => {
    bouncyCastleClasses();
  });

  it.each(['JKS', 'JCEKS'] as const)('opens a %s the JDK just wrote: DSTU, EC and RSA keys, each matching its certificate', async (type) => {
    // JKS hashes the password as UTF-16 (a Cyrillic one tests that); the JDK refuses non-ASCII for JCEKS.
    const password = type === 'JKS' ? 'jks-пароль' : 'jceks-password';
    const { file, entries } = bcMakeKeyStore(type, password);
    const contents = await readKeyContainer(file, password);
    expect(contents.format).toBe(type.toLowerCase());
    for (const entry of entries) {
      const key = contents.keys.find((candidate) => candidate.alias === entry.alias);
      expect(key?.certificates?.[0]).toEqual(entry.certificate);
      if (entry.alias === 'dstu') {
        // The DSTU key, re-encoded by us, signs; Bouncy Castle verifies against the certificate it made.
        const dstu = DstuPrivateKey.fromPkcs8(key?.privateKeyInfo as Uint8Array);
        const spki = certificateParts(entry.certificate).spki;
        expect(dstu.publicKey.equals(DstuPublicKey.fromSpki(spki))).toBe(true);
        const hash = new Uint8Array(crypto.randomBytes(32));
        expect(bcVerifyRaw([{ spki, hash, signature: dstu.sign(hash, 'le'), order: 'le' }])).toEqual([true]);
        expect(key?.role).toBe('unknown');
      } else {
        expect(key?.privateKeyInfo).toEqual(entry.pkcs8);
        expect(() => crypto.createPrivateKey({ key: Buffer.from(key?.privateKeyInfo as Uint8Array), format: 'der', type: 'pkcs8' })).not.toThrow();
      }
    }
    expect(await codeOf(readKeyContainer(file, 'wrong'))).toBe('ERR_PASSWORD_INCORRECT');
  });

  it('signs with keys out of the jkurwa test containers so that Bouncy Castle accepts the signatures', async () => {
    const store = await readKeyContainer(fixture('STORE_A040.dat'), 'password');
    const key = DstuPrivateKey.fromPkcs8(store.keys[0].privateKeyInfo);
    const spki = certificateParts(fixture('SELF_SIGNED_ENC_40A0.cer')).spki;
    const hash = new Uint8Array(crypto.randomBytes(32));
    const signatures = [key.sign(hash, 'le'), key.sign(hash, 'le')];
    expect(bcVerifyRaw(signatures.map((signature) => ({ spki, hash, signature, order: 'le' as const })))).toEqual([true, true]);
  });
});
