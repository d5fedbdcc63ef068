import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService, type TokenInfo } from '../../main/core/token';
import type { KeyAlgorithmName, SigningHashName as HashAlgorithm } from '../../main/core/crypto';
import { createSoftHsm, type SoftHsm } from '../helpers/softhsm';
import { missingTools, SOFTHSM_MODULE } from '../helpers/require-tools';
import { openTokenKey, signWith } from '../helpers/signing';

const missing = missingTools(['softhsm2-util', 'pkcs11-tool', SOFTHSM_MODULE]);

/** Reads a private key's CKA_VALUE in a separate process, straight through pkcs11js. */
function readPrivateValue(hsm: SoftHsm, keyIdHex: string): string {
  const script = `
    const { PKCS11 } = require('pkcs11js');
    const p = new PKCS11(); p.load(${JSON.stringify(hsm.modulePath)}); p.C_Initialize({ flags: 2 });
    const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === ${JSON.stringify(hsm.label)});
    const session = p.C_OpenSession(slot, 4); p.C_Login(session, 1, ${JSON.stringify(hsm.pin)});
    p.C_FindObjectsInit(session, [{ type: 0, value: 3 }, { type: 0x102, value: Buffer.from(${JSON.stringify(keyIdHex)}, 'hex') }]);
    const [key] = p.C_FindObjects(session, 1); p.C_FindObjectsFinal(session);
    try { p.C_GetAttributeValue(session, key, [{ type: 0x11 }]); console.log('READABLE'); } catch (e) { console.log(e.message); }
    p.C_Finalize();`;
  return execFileSync(process.execPath, ['-e', script], { env: hsm.env, cwd: process.cwd() }).toString().trim();
}

const CASES: Array<{ alg: KeyAlgorithmName; hash: HashAlgorithm; padding?: 'pkcs1' | 'pss' }> = [
  { alg: 'ec-p256', hash: 'SHA-256' },
  { alg: 'ec-p384', hash: 'SHA-384' },
  { alg: 'rsa-2048', hash: 'SHA-256', padding: 'pkcs1' },
  { alg: 'rsa-2048', hash: 'SHA-256', padding: 'pss' },
  { alg: 'rsa-3072', hash: 'SHA-384', padding: 'pkcs1' },
  { alg: 'rsa-3072', hash: 'SHA-512', padding: 'pss' },
];

describe.skipIf(missing)('token keys on SoftHSM2', () => {
  let hsm: SoftHsm;
  let tokens: TokenService;
  let token: TokenInfo;

  beforeAll(async () => {
    hsm = createSoftHsm({ label: 'Keys' });
    tokens = new TokenService({ modulePaths: [hsm.modulePath], includeKnownModules: false });
    token = await tokens.findToken({ label: 'Keys' });
  });

  afterAll(async () => {
    await tokens?.close();
    hsm?.cleanup();
  });

  it.each(CASES)('generates $alg on the token and signs $hash ($padding) verifiably', async ({ alg, hash, padding }) => {
    const label = `${alg}-${padding ?? 'ecdsa'}-${hash}`;
    const generated = await tokens.generateKeyPair({ token, algorithm: alg, label, pin: hsm.pin });
    expect(generated.id).toMatch(/^[0-9a-f]{40}$/);
    const publicKey = crypto.createPublicKey({ key: Buffer.from(generated.publicKeySpki!), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyType).toBe(alg.startsWith('ec') ? 'ec' : 'rsa');

    const key = await openTokenKey(tokens, generated.uri, hsm.pin);
    expect(key.ref).not.toContain('pin-');
    expect(Buffer.from(key.publicKeySpki).equals(Buffer.from(generated.publicKeySpki!))).toBe(true);
    const data = Buffer.from(`document signed with ${label}`);
    const nodeHash = hash.replace('-', '').toLowerCase();
    const signature = await signWith(key, data, hash, padding);
    const verifyKey =
      padding === 'pss'
        ? { key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.createHash(nodeHash).digest().length }
        : { key: publicKey, dsaEncoding: 'der' as const };
    expect(crypto.verify(nodeHash, data, verifyKey, signature)).toBe(true);
    expect(crypto.verify(nodeHash, Buffer.from('another document'), verifyKey, signature)).toBe(false);
    if (alg.startsWith('ec')) expect(signature[0]).toBe(0x30);
  });

  it('keeps the private key sensitive and never extractable, as pkcs11-tool and a raw read confirm', async () => {
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'audited', pin: hsm.pin });
    const listing = execFileSync('pkcs11-tool', ['--module', hsm.modulePath, '--token-label', 'Keys', '--login', '--pin', hsm.pin, '-O', '--type', 'privkey', '--id', generated.id], {
      env: hsm.env,
    }).toString();
    const access = /Access:\s*(.*)/.exec(listing)?.[1] ?? '';
    expect(access).toContain('sensitive');
    expect(access).toContain('always sensitive');
    expect(access).toContain('never extractable');
    expect(access).not.toMatch(/(^|, )extractable/);
    expect(readPrivateValue(hsm, generated.id)).toBe('CKR_ATTRIBUTE_SENSITIVE');
  });

  it('lists generated keys with their CKA_ID, label, algorithm and public key', async () => {
    const generated = await tokens.generateKeyPair({ token, algorithm: 'rsa-2048', label: 'listed', pin: hsm.pin });
    const keys = await tokens.listKeys(token, hsm.pin);
    const listed = keys.find((key) => key.id === generated.id);
    expect(listed).toMatchObject({ label: 'listed', algorithm: { kind: 'RSA', modulusLength: 2048 }, certificate: undefined, alwaysAuthenticate: false });
    expect(Buffer.from(listed!.publicKeySpki!).equals(Buffer.from(generated.publicKeySpki!))).toBe(true);
  });

  it('logs in again (context-specific) before each signature with a CKA_ALWAYS_AUTHENTICATE key', async () => {
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'always-auth', alwaysAuthenticate: true, pin: hsm.pin });
    const key = await openTokenKey(tokens, generated.uri, hsm.pin);
    const signed = Buffer.from('a');
    for (let i = 0; i < 2; i++) {
      const signature = await signWith(key, signed);
      const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
      expect(crypto.verify('sha256', Buffer.from('a'), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    }
    await expect(openTokenKey(tokens, generated.uri)).rejects.toMatchObject({ code: 'ERR_PIN_REQUIRED' });
    await key.close();
  });

  it('serialises many concurrent signatures and listings on one module without crashing it', async () => {
    const ec = await openTokenKey(tokens, (await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'busy-ec', pin: hsm.pin })).uri, hsm.pin);
    const rsa = await openTokenKey(tokens, (await tokens.generateKeyPair({ token, algorithm: 'rsa-2048', label: 'busy-rsa', pin: hsm.pin })).uri, hsm.pin);
    const jobs = Array.from({ length: 120 }, (_, i) => {
      const data = Buffer.from(`document ${i}`);
      const key = i % 3 === 0 ? rsa : ec;
      return Promise.all([signWith(key, data), i % 20 === 0 ? tokens.listKeys(token) : undefined]).then(([signature]) => ({ key, data, signature }));
    });
    for (const { key, data, signature } of await Promise.all(jobs)) {
      const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
      expect(crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    }
  });

  it('seeds the token RNG or reports that it cannot', async () => {
    const result = await tokens.seedRandom(token, crypto.randomBytes(32));
    expect(result.seeded || typeof result.reason === 'string').toBe(true);
  });

  it('refuses an algorithm the key cannot make and a key that is not there', async () => {
    const generated = await tokens.generateKeyPair({ token, algorithm: 'ec-p256', label: 'lengths', pin: hsm.pin });
    const key = await openTokenKey(tokens, generated.uri, hsm.pin);
    await expect(key.sign(new Uint8Array(20), { scheme: 'rsa-pkcs1', hash: 'SHA-256' })).rejects.toMatchObject({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED' });
    await expect(key.sign(new Uint8Array(20), { scheme: 'ed25519' })).rejects.toMatchObject({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED' });
    await expect(openTokenKey(tokens, `pkcs11:token=Keys;object=no-such-key?module-path=${hsm.modulePath}`, hsm.pin)).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
  });
});
