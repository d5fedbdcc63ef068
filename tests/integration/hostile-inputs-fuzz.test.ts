import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileKey } from '../../main/core/keys';
import { destroyPrivateKey, spkiOfPrivateKey } from '../../main/core/crypto';
import { isSigndeskError } from '../../preload/contract/errors';
import { applyMutations, mutation, RssPeak } from '../helpers/byte-mutations';
import { missingTools } from '../helpers/require-tools';
import { runSigndesk } from '../helpers/run-cli';

/**
 * Mutated key files and signatures for a bounded time each (SIGNDESK_FUZZ_MS to go longer): every mutant gets a coded
 * error or a correct answer, never an uncaught exception; a key file that still opens holds the very same key; a
 * signature that still verifies (exit 0) signed the very same bytes; memory stays bounded throughout.
 */
const missing = missingTools(['openssl']);
const BUDGET_MS = Number(process.env.SIGNDESK_FUZZ_MS ?? 20_000);
const SEED = process.env.SIGNDESK_FUZZ_SEED === 'random' ? undefined : Number(process.env.SIGNDESK_FUZZ_SEED ?? 20261202);
/** A hang detector per mutant (the caps answer in milliseconds; the slowest real work here is a 2,048-round KDF). */
const PER_MUTANT_MS = 5_000;
/** Peak RSS growth over a whole run (scrypt N=2^22 alone took 4.27 GB before the caps). */
const MAX_RSS_GROWTH = 384 * 1024 * 1024;

const KEY_CODES = new Set([
  'ERR_KEY_FILE_CORRUPT',
  'ERR_KEY_FILE_UNKNOWN',
  'ERR_KEY_FILE_UNPROTECTED',
  'ERR_PASSWORD_INCORRECT',
  'ERR_KEY_ALGORITHM_UNSUPPORTED',
  'ERR_KEY_INVALID',
  'ERR_CERT_MALFORMED',
  // A mutant that is now an unencrypted PKCS#8: refused, keys must be protected.
  'ERR_INPUT_INVALID',
]);

let dir: string;
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

async function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PER_MUTANT_MS} ms`)), PER_MUTANT_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The eContent of an attached SignedData (BER chunks joined), or undefined when asn1js cannot find it. */
function embeddedContent(signature: Uint8Array): Buffer | undefined {
  try {
    const root = asn1js.fromBER(signature).result as asn1js.Sequence;
    const signedData = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
    const encap = signedData.valueBlock.value[2] as asn1js.Sequence;
    const octets = (encap.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString;
    if (!octets.idBlock.isConstructed) return Buffer.from(octets.valueBlock.valueHexView);
    return Buffer.concat((octets.valueBlock.value as asn1js.OctetString[]).map((part) => Buffer.from(part.valueBlock.valueHexView)));
  } catch {
    return undefined;
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-fuzz-'));
  fs.writeFileSync(path.join(dir, 'ca.cnf'), '[ca_ext]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n[leaf_ext]\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'root.key');
  openssl('req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=Fuzz Root', '-days', '30', '-config', 'ca.cnf', '-extensions', 'ca_ext', '-out', 'root.pem');
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key');
  openssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=Fuzz Signer', '-out', 'leaf.csr');
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '7', '-days', '20', '-extfile', 'ca.cnf', '-extensions', 'leaf_ext', '-out', 'leaf.pem');
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing)('fuzz: mutated key files and signatures', () => {
  it(`key files (PKCS#12 AES and 3DES, PKCS#8 PBKDF2 and scrypt): the same key or a coded error, for ${BUDGET_MS / 1000} s`, async () => {
    openssl('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-passout', 'pass:pw', '-out', 'aes.p12');
    openssl('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-passout', 'pass:pw', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', '3des.p12');
    openssl('pkcs8', '-topk8', '-in', 'leaf.key', '-v2', 'aes-256-cbc', '-passout', 'pass:pw', '-outform', 'DER', '-out', 'pbkdf2.p8');
    openssl('pkcs8', '-topk8', '-in', 'leaf.key', '-scrypt', '-scrypt_N', '1024', '-scrypt_r', '8', '-scrypt_p', '1', '-passout', 'pass:pw', '-out', 'scrypt.p8');
    const seeds = ['aes.p12', '3des.p12', 'pbkdf2.p8', 'scrypt.p8'].map((name) => new Uint8Array(fs.readFileSync(path.join(dir, name))));
    const original = crypto.createPublicKey(fs.readFileSync(path.join(dir, 'leaf.key'))).export({ type: 'spki', format: 'der' });
    const mutantPath = path.join(dir, 'mutant.key');
    // A PKCS#8 keeps its certificate beside it; the PKCS#12 mutants carry theirs inside.
    fs.copyFileSync(path.join(dir, 'leaf.pem'), `${mutantPath}.crt.pem`);
    for (const seed of seeds) {
      fs.writeFileSync(mutantPath, seed);
      const contents = await readFileKey(mutantPath, 'pw');
      expect(Buffer.from(spkiOfPrivateKey(contents.privateKey)).equals(original)).toBe(true);
    }

    const codes = new Map<string, number>();
    let opened = 0;
    let runs = 0;
    const memory = new RssPeak();
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (seed, mutations) => {
          runs++;
          fs.writeFileSync(mutantPath, applyMutations(seeds[seed]!, mutations));
          try {
            const contents = await within(readFileKey(mutantPath, 'pw'));
            // Still opens: then it is the very key that was written, never another one — its public half (the
            // certificate's) and its private half alike: what it signs verifies under the original public key.
            expect(Buffer.from(spkiOfPrivateKey(contents.privateKey)).equals(original)).toBe(true);
            expect(contents.privateKey.kind).toBe('node');
            if (contents.privateKey.kind === 'node') {
              const probe = crypto.randomBytes(32);
              const signature = crypto.sign('sha256', probe, contents.privateKey.key);
              expect(crypto.verify('sha256', probe, crypto.createPublicKey({ key: original, format: 'der', type: 'spki' }), signature)).toBe(true);
            }
            destroyPrivateKey(contents.privateKey);
            opened++;
          } catch (error) {
            if (!isSigndeskError(error) || !KEY_CODES.has(error.code)) throw error;
            codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
          }
        }),
        { numRuns: 1_000_000, interruptAfterTimeLimit: BUDGET_MS, seed: SEED },
      );
    } finally {
      const growth = memory.stop();
      console.log(`key fuzz: ${runs} mutants, ${opened} opened as the same key, ${JSON.stringify(Object.fromEntries(codes))}, peak RSS growth ${Math.round(growth / 1048576)} MB`);
      expect(growth).toBeLessThan(MAX_RSS_GROWTH);
    }
    expect(runs).toBeGreaterThan(50);
    expect(codes.get('ERR_KEY_FILE_CORRUPT') ?? 0).toBeGreaterThan(0);
  }, BUDGET_MS + 60_000);

  it(`signatures through signdesk verify: exit 0 only for the same signed bytes, else a coded error, for ${BUDGET_MS / 1000} s`, async () => {
    const content = crypto.randomBytes(2048);
    fs.writeFileSync(path.join(dir, 'doc.bin'), content);
    openssl('cms', '-sign', '-binary', '-cades', '-in', 'doc.bin', '-signer', 'leaf.pem', '-inkey', 'leaf.key', '-outform', 'DER', '-out', 'detached.p7s');
    openssl('cms', '-sign', '-binary', '-cades', '-nodetach', '-in', 'doc.bin', '-signer', 'leaf.pem', '-inkey', 'leaf.key', '-outform', 'DER', '-out', 'attached.p7s');
    const seeds = [
      { bytes: new Uint8Array(fs.readFileSync(path.join(dir, 'detached.p7s'))), attached: false },
      { bytes: new Uint8Array(fs.readFileSync(path.join(dir, 'attached.p7s'))), attached: true },
    ];
    const mutantPath = path.join(dir, 'mutant.p7s');
    const env = { SIGNDESK_DATA_DIR: path.join(dir, 'data') };
    const verify = (attached: boolean) =>
      runSigndesk(['verify', mutantPath, ...(attached ? [] : ['--content', path.join(dir, 'doc.bin')]), '--trust', path.join(dir, 'root.pem'), '--no-revocation', '--json'], env);
    for (const seed of seeds) {
      fs.writeFileSync(mutantPath, seed.bytes);
      const run = await verify(seed.attached);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }

    const exits = new Map<string, number>();
    let runs = 0;
    const memory = new RssPeak();
    try {
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (index, mutations) => {
          runs++;
          const seed = seeds[index]!;
          const mutant = applyMutations(seed.bytes, mutations);
          fs.writeFileSync(mutantPath, mutant);
          const run = await within(verify(seed.attached));
          const error = /^signdesk: (ERR_[A-Z_]+): /m.exec(run.stderr)?.[1];
          expect(run.stderr).not.toMatch(/ERR_INTERNAL| {4}at /);
          expect([0, 1, 2]).toContain(run.code);
          if (run.code === 2) expect(error).toMatch(/^ERR_(SIGNATURE_MALFORMED|CONTENT_MISSING|CONTENT_MISMATCH)$/);
          if (run.code !== 2) expect((run.json() as { indication: string }).indication).toMatch(/^(TOTAL-PASSED|TOTAL-FAILED|INDETERMINATE)$/);
          if (run.code === 0 && seed.attached) {
            // Valid: it signs exactly the original document (a changed eContent can never pass).
            expect(embeddedContent(mutant)?.equals(content)).toBe(true);
          }
          const key = run.code === 2 ? `2:${error}` : String(run.code);
          exits.set(key, (exits.get(key) ?? 0) + 1);
        }),
        { numRuns: 1_000_000, interruptAfterTimeLimit: BUDGET_MS, seed: SEED },
      );
    } finally {
      const growth = memory.stop();
      console.log(`signature fuzz: ${runs} mutants, exits ${JSON.stringify(Object.fromEntries(exits))}, peak RSS growth ${Math.round(growth / 1048576)} MB`);
      expect(growth).toBeLessThan(MAX_RSS_GROWTH);
    }
    expect(runs).toBeGreaterThan(30);
    expect(exits.get('1') ?? 0).toBeGreaterThan(0);
  }, BUDGET_MS + 60_000);
});
