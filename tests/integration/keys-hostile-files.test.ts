import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCms } from '../../main/core/cms';
import { readKeyContainer } from '../../main/core/keys/containers';
import { readFileKey } from '../../main/core/keys';
import { KDF_LIMITS, KdfBudget } from '../../main/core/keys/file-key/kdf-limits';
import { isSigndeskError } from '../../preload/contract/errors';
import * as hostile from '../helpers/hostile-key-files';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

const missing = missingTools(['openssl']);

/** "At once": far below the seconds-to-minutes these files cost before the caps (see the cases). */
const AT_ONCE_MS = 1500;
/** Growth of the process's RSS a refused file may cause (4.27 GB for scrypt N=2^22 before). */
const MAX_RSS_GROWTH = 64 * 1024 * 1024;

async function refusal(bytes: Uint8Array, options: { acceptMissingMac?: boolean } = {}): Promise<{ code: string; ms: number; rssGrowth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  try {
    await readKeyContainer(bytes, 'password', options);
    return { code: 'OPENED', ms: performance.now() - started, rssGrowth: peak - before };
  } catch (error) {
    if (!isSigndeskError(error)) throw error;
    return { code: error.code, ms: performance.now() - started, rssGrowth: Math.max(peak, process.memoryUsage().rss) - before };
  } finally {
    clearInterval(sampler);
  }
}

describe('hostile key files are refused at once with a coded error', () => {
  // Before the caps (measured here): scrypt N=2^22 → > 200 s and > 2.7 GB RSS (killed); 3DES PBE at 8,388,607
  // iterations → > 150 s (killed); a MAC at 2,000,000 → 13.7 s; PBKDF2 with a 1 MiB key length → 27.8 s and "wrong
  // password"; PBKDF2 at 8,388,607 → 7.7 s; a 1 MB OID → 4.6 s and 204 MB.
  // The PBE cases carry no MAC (a random one would fail first as a wrong password), so they are opened as accepted.
  const cases: [string, () => Uint8Array, string][] = [
    ['scrypt N = 2^22 (4 GiB)', () => hostile.scryptPkcs8(1n << 22n, 8n), 'ERR_KEY_FILE_CORRUPT'],
    ['scrypt N not a power of two', () => hostile.scryptPkcs8(16383n, 8n), 'ERR_KEY_FILE_CORRUPT'],
    ['scrypt r = 2^40', () => hostile.scryptPkcs8(16384n, 1n << 40n), 'ERR_KEY_FILE_CORRUPT'],
    ['scrypt r = 2^20 (within 64 bits, 2 TiB)', () => hostile.scryptPkcs8(16384n, 1n << 20n), 'ERR_KEY_FILE_CORRUPT'],
    ['scrypt p = 2^20', () => hostile.scryptPkcs8(16384n, 8n, 1n << 20n), 'ERR_KEY_FILE_CORRUPT'],
    ['PBKDF2 with a 1 MiB key length', () => hostile.pbkdf2Pkcs8(2048, 1 << 20), 'ERR_KEY_FILE_CORRUPT'],
    ['PBKDF2 at 8,388,607 iterations', () => hostile.pbkdf2Pkcs8(8_388_607), 'ERR_KEY_FILE_CORRUPT'],
    ['PKCS#12 3DES PBE at 8,388,607 iterations', () => hostile.pkcs12WithIterations(8_388_607), 'ERR_KEY_FILE_CORRUPT'],
    ['PKCS#12 3DES PBE at 1,000,000 iterations', () => hostile.pkcs12WithIterations(1_000_000), 'ERR_KEY_FILE_CORRUPT'],
    ['PKCS#12 MAC at 8,388,607 iterations', () => hostile.pkcs12WithIterations(2048, 8_388_607), 'ERR_KEY_FILE_CORRUPT'],
    ['PKCS#12 MAC at 2,000,000 iterations', () => hostile.pkcs12WithIterations(2048, 2_000_000), 'ERR_KEY_FILE_CORRUPT'],
    ['an empty OID', () => hostile.emptyOidPkcs8(), 'ERR_KEY_FILE_CORRUPT'],
  ];
  for (const [name, make, code] of cases) {
    it(name, async () => {
      const result = await refusal(make(), { acceptMissingMac: true });
      expect(result.code).toBe(code);
      expect(result.ms).toBeLessThan(AT_ONCE_MS);
      expect(result.rssGrowth).toBeLessThan(MAX_RSS_GROWTH);
    });
  }

  it('a 1 MB OID is refused without asn1js decoding it', async () => {
    const result = await refusal(hostile.hugeOidPkcs8(1_000_000));
    expect(['ERR_KEY_FILE_CORRUPT', 'ERR_KEY_FILE_UNKNOWN']).toContain(result.code);
    expect(result.ms).toBeLessThan(AT_ONCE_MS);
    expect(result.rssGrowth).toBeLessThan(MAX_RSS_GROWTH);
  });

  it('many parts each under the caps cannot add up: one KDF budget per file', () => {
    const budget = new KdfBudget();
    budget.spendPkcs12Kdf(KDF_LIMITS.pkcs12MacIterations);
    budget.spendPkcs12Kdf(3 * KDF_LIMITS.pkcs12PbeIterations);
    expect(() => budget.spendPkcs12Kdf(3 * KDF_LIMITS.pkcs12PbeIterations)).toThrow(expect.objectContaining({ code: 'ERR_KEY_FILE_CORRUPT' }));
    budget.spendPbkdf2(2 * 600_000);
    expect(() => budget.spendPbkdf2(KDF_LIMITS.pbkdf2IterationsPerFile)).toThrow(expect.objectContaining({ code: 'ERR_KEY_FILE_CORRUPT' }));
  });
});

describe.skipIf(missing)('key files through the CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-hostile-keys-'));
    env = { SIGNDESK_DATA_DIR: path.join(dir, 'data'), KEY_PASS: 'correct horse' };
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'k.pem');
    openssl('req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=Hostile Test', '-days', '30', '-out', 'k.crt.pem');
    fs.writeFileSync(path.join(dir, 'doc.txt'), 'a document');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a scrypt N = 2^22 key file is a corrupt key file (exit 2), not 4 GB of memory', async () => {
    fs.writeFileSync(path.join(dir, 'scrypt.p8'), hostile.scryptPkcs8(1n << 22n, 8n));
    const started = performance.now();
    const run = await runSigndesk(['sign', '--key', `file:${path.join(dir, 'scrypt.p8')}`, '--pass-env', 'KEY_PASS', path.join(dir, 'doc.txt')], env);
    expect(run.stderr).toContain('ERR_KEY_FILE_CORRUPT');
    expect(run.code).toBe(2);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a ciphertext flip that decrypts to another key (certificate beside) is ERR_KEY_FILE_CORRUPT, exit 2', async () => {
    openssl('pkcs8', '-topk8', '-in', 'k.pem', '-v2', 'aes-256-cbc', '-passout', 'pass:correct horse', '-outform', 'DER', '-out', 'good.p8');
    const good = fs.readFileSync(path.join(dir, 'good.p8'));
    // The ciphertext is the last element: an OCTET STRING of 144 bytes (81 90). Flipping a bit in its fourth block
    // garbles that block (inside the private scalar) and one bit of the next (still the scalar): padding stays valid.
    const ciphertextStart = good.length - 144;
    expect(good[ciphertextStart - 2]).toBe(0x81);
    const flipped = Buffer.from(good);
    flipped[ciphertextStart + 48] ^= 0x01;
    fs.writeFileSync(path.join(dir, 'flip.p8'), flipped);
    for (const name of ['good.p8', 'flip.p8']) fs.copyFileSync(path.join(dir, 'k.crt.pem'), path.join(dir, `${name}.crt.pem`));
    const ok = await runSigndesk(['sign', '--key', `file:${path.join(dir, 'good.p8')}`, '--pass-env', 'KEY_PASS', '--overwrite', path.join(dir, 'doc.txt')], env);
    expect(ok.code).toBe(0);
    const run = await runSigndesk(['sign', '--key', `file:${path.join(dir, 'flip.p8')}`, '--pass-env', 'KEY_PASS', '--overwrite', path.join(dir, 'doc.txt')], env);
    expect(run.stderr).toContain('ERR_KEY_FILE_CORRUPT');
    expect(run.stderr).not.toContain('ERR_SIGNATURE_INVALID');
    expect(run.code).toBe(2);
    await expect(readFileKey(path.join(dir, 'flip.p8'), 'correct horse')).rejects.toMatchObject({ code: 'ERR_KEY_FILE_CORRUPT' });
  });

  it('a .p12 without its MAC is refused (ERR_KEY_FILE_UNPROTECTED, exit 2) unless accepted; accepted, the cabinet keeps it with a MAC', async () => {
    openssl('pkcs12', '-export', '-inkey', 'k.pem', '-in', 'k.crt.pem', '-passout', 'pass:correct horse', '-nomac', '-out', 'nomac.p12');
    const keyRef = `file:${path.join(dir, 'nomac.p12')}`;
    const sign = await runSigndesk(['sign', '--key', keyRef, '--pass-env', 'KEY_PASS', '--overwrite', path.join(dir, 'doc.txt')], env);
    expect(sign.stderr).toContain('ERR_KEY_FILE_UNPROTECTED');
    expect(sign.code).toBe(2);
    const refused = await runSigndesk(['keys', 'add', keyRef, '--pass-env', 'KEY_PASS'], env);
    expect(refused.stderr).toContain('ERR_KEY_FILE_UNPROTECTED');
    expect(refused.code).toBe(2);

    const added = await runSigndesk(['keys', 'add', keyRef, '--accept-no-mac', '--pass-env', 'KEY_PASS', '--json'], env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const record = added.json<{ id: string; keyRef: string; name: string }>();
    expect(record.name).toBe('nomac.p12');
    const copy = record.keyRef.replace(/^file:/, '');
    // The cabinet's copy carries a MAC that OpenSSL checks; the original is untouched.
    const info = execFileSync('sh', ['-c', `openssl pkcs12 -in '${copy}' -passin 'pass:correct horse' -noout -info 2>&1`], { encoding: 'utf8' });
    expect(info).toMatch(/MAC: sha256/);
    expect(fs.readFileSync(path.join(dir, 'nomac.p12')).equals(fs.readFileSync(path.join(dir, 'nomac.p12')))).toBe(true);
    const signed = await runSigndesk(['sign', '--key', record.id, '--pass-env', 'KEY_PASS', '--overwrite', path.join(dir, 'doc.txt')], env);
    expect(signed.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'data', 'keys')).filter((name) => name.startsWith('.reseal-'))).toEqual([]);
  });

  it('a .p12 whose certificate has a bad GeneralizedTime is a coded error', async () => {
    openssl('req', '-x509', '-new', '-key', 'k.pem', '-subj', '/CN=Far Future', '-days', '25000', '-outform', 'DER', '-out', 'far.der');
    const der = fs.readFileSync(path.join(dir, 'far.der'));
    const at = der.indexOf(Buffer.from([0x18, 0x0f]));
    expect(at).toBeGreaterThan(0);
    der[at + 2 + 4] = 'A'.charCodeAt(0);
    fs.writeFileSync(path.join(dir, 'bad-time.der'), der);
    openssl('x509', '-inform', 'DER', '-in', 'bad-time.der', '-out', 'bad-time.pem');
    openssl('pkcs12', '-export', '-inkey', 'k.pem', '-in', 'bad-time.pem', '-passout', 'pass:correct horse', '-out', 'bad-time.p12');
    for (const args of [
      ['keys', 'add', `file:${path.join(dir, 'bad-time.p12')}`, '--pass-env', 'KEY_PASS'],
      ['sign', '--key', `file:${path.join(dir, 'bad-time.p12')}`, '--pass-env', 'KEY_PASS', '--overwrite', path.join(dir, 'doc.txt')],
    ]) {
      const run = await runSigndesk(args, env);
      expect(run.stderr).toMatch(/signdesk: ERR_[A-Z_]+: /);
      expect(run.stderr).not.toContain('ERR_INTERNAL');
      expect(run.code).toBe(2);
    }
  });

  it('a signature whose eContentType OID is empty is ERR_SIGNATURE_MALFORMED', async () => {
    openssl('cms', '-sign', '-binary', '-in', 'doc.txt', '-signer', 'k.crt.pem', '-inkey', 'k.pem', '-outform', 'DER', '-out', 'doc.p7s');
    const root = asn1js.fromBER(fs.readFileSync(path.join(dir, 'doc.p7s'))).result as asn1js.Sequence;
    const signedData = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    (signedData.valueBlock.value[2] as asn1js.Sequence).valueBlock.value[0] = new asn1js.Primitive({ idBlock: { tagClass: 1, tagNumber: 6 }, valueHex: new Uint8Array(0) });
    const signature = new Uint8Array(root.toBER(false));
    await expect(verifyCms({ signature, content: fs.readFileSync(path.join(dir, 'doc.txt')), trustAnchors: [], revocation: 'skip' })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_MALFORMED' });
    fs.writeFileSync(path.join(dir, 'empty-oid.p7s'), signature);
    const run = await runSigndesk(['verify', path.join(dir, 'empty-oid.p7s'), '--content', path.join(dir, 'doc.txt'), '--no-revocation'], env);
    expect(run.stderr).toContain('ERR_SIGNATURE_MALFORMED');
    expect(run.code).toBe(2);
  });
});
