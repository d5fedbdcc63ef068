import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Bouncy Castle (Debian's libbcprov/libbcpkix/libbcutil) as an independent oracle for DSTU 4145,
 * GOST 34.311, Kupyna and GOST 28147. BcOracle.java is compiled once per source version into
 * node_modules/.cache/signdesk-bouncy-castle/<hash>/ and run in batch mode: one JVM start per call of
 * `bcBatch` however many operations it carries. Callers guard with `missingTools(['java', 'javac'])`.
 */
const JARS = ['bcprov.jar', 'bcpkix.jar', 'bcutil.jar'].map((jar) => path.join(process.env.BC_JAR_DIR ?? '/usr/share/java', jar));
const SOURCE = path.join(import.meta.dirname, 'bouncy-castle', 'BcOracle.java');

let classDir: string | undefined;

/** Compiles the oracle if this version of its source has not been compiled yet; returns the class folder. */
export function bouncyCastleClasses(): string {
  if (classDir) return classDir;
  const source = fs.readFileSync(SOURCE);
  const hash = crypto.createHash('sha256').update(source).update(JARS.join(':')).digest('hex').slice(0, 16);
  const dir = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'signdesk-bouncy-castle', hash);
  if (!fs.existsSync(path.join(dir, 'BcOracle.class'))) {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bc-'));
    execFileSync('javac', ['-encoding', 'UTF-8', '-Xlint:none', '-nowarn', '-d', staging, '-cp', JARS.join(':'), SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.renameSync(staging, dir);
    } catch {
      // Another test file compiled it first.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  classDir = dir;
  return dir;
}

function classpath(): string {
  return [...JARS, bouncyCastleClasses()].join(':');
}

const hex = (bytes: Uint8Array | undefined) => (bytes === undefined || bytes.length === 0 ? '-' : Buffer.from(bytes).toString('hex'));

/** Runs operations in one JVM: each is [command, ...args] plus its input; returns one answer line per operation. */
export function bcBatch(operations: { args: string[]; input?: Uint8Array }[]): string[] {
  const stdin = operations.map((op) => [...op.args, hex(op.input)].join(' ')).join('\n') + '\n';
  const out = execFileSync('java', ['-cp', classpath(), 'BcOracle'], { input: stdin, maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  const lines = out.endsWith('\n') ? out.slice(0, -1).split('\n') : out.split('\n');
  if (lines.length !== operations.length) throw new Error(`Bouncy Castle answered ${lines.length} of ${operations.length} operations:\n${out}`);
  return lines;
}

function bytesOf(line: string): Uint8Array {
  if (line.startsWith('ERROR')) throw new Error(`Bouncy Castle: ${line}`);
  return new Uint8Array(Buffer.from(line, 'hex'));
}

export type BcDigestName = 'gost34311' | 'kupyna256' | 'kupyna384' | 'kupyna512';

/**
 * A digest by Bouncy Castle. `sbox` (GOST 34.311 only): 'dke' = its DSTU4145Params.getDefaultDKE()
 * expanded nibble by nibble, a packed 64-byte DKE as hex, or a Bouncy Castle S-box name ('D-Test', 'D-A').
 */
export function bcDigests(items: { name: BcDigestName; data: Uint8Array; sbox?: string }[]): Uint8Array[] {
  return bcBatch(items.map((item) => ({ args: ['digest', item.name, item.sbox ?? 'dke'], input: item.data }))).map(bytesOf);
}

export function bcDigest(name: BcDigestName, data: Uint8Array, sbox = 'dke'): Uint8Array {
  return bcDigests([{ name, data, sbox }])[0];
}

export type BcGostMode = 'ecb-enc' | 'ecb-dec' | 'cfb-enc' | 'cfb-dec' | 'mac';

export function bcGost28147(items: { mode: BcGostMode; key: Uint8Array; iv?: Uint8Array; sbox?: string; data: Uint8Array }[]): Uint8Array[] {
  return bcBatch(items.map((item) => ({ args: ['gost28147', item.mode, hex(item.key), hex(item.iv), item.sbox ?? 'dke'], input: item.data }))).map(bytesOf);
}

export function bcHmacGost34311(key: Uint8Array, data: Uint8Array, sbox = 'dke'): Uint8Array {
  return bytesOf(bcBatch([{ args: ['hmac', hex(key), sbox], input: data }])[0]);
}

export function bcPbkdf2Gost34311(password: Uint8Array, salt: Uint8Array, iterations: number, length: number, sbox = 'dke'): Uint8Array {
  return bytesOf(bcBatch([{ args: ['pbkdf2', hex(password), hex(salt), String(iterations), String(length), sbox] }])[0]);
}

/** Bouncy Castle's PKCS12ParametersGenerator + HMac, both over GOST3411Digest with the default DKE. */
export function bcGostPkcs12Mac(password: string, salt: Uint8Array, iterations: number, data: Uint8Array): Uint8Array {
  return bytesOf(bcBatch([{ args: ['pkcs12-mac', hex(Buffer.from(password, 'utf8')), hex(salt), String(iterations)], input: data }])[0]);
}

/** DSTU4145Signer.verifySignature over the hash with the key from the SubjectPublicKeyInfo (via the BC provider). */
export function bcVerifyRaw(items: { spki: Uint8Array; hash: Uint8Array; signature: Uint8Array; order: 'le' | 'be' }[]): boolean[] {
  return bcBatch(items.map((item) => ({ args: ['verify-raw', hex(item.spki), hex(item.hash), hex(item.signature), item.order] }))).map((line) => {
    if (line !== 'true' && line !== 'false') throw new Error(`Bouncy Castle: ${line}`);
    return line === 'true';
  });
}

/** A signature by DSTU4145Signer on named curve index 0..9 (M163 … M431) with d big-endian. */
export function bcSignRaw(curveIndex: number, dBigEndian: Uint8Array, hash: Uint8Array, order: 'le' | 'be'): Uint8Array {
  return bytesOf(bcBatch([{ args: ['sign-raw', String(curveIndex), hex(dBigEndian), hex(hash), order] }])[0]);
}

export interface BcVerdict {
  ok: boolean;
  message: string;
}

const verdict = (line: string): BcVerdict => ({ ok: line === 'OK', message: line });

/** X509Certificate.verify(issuer key) with the BC provider (GOST3411WITHDSTU4145LE for DSTU certificates). */
export function bcVerifyCertificates(items: { certificate: Uint8Array; issuer: Uint8Array }[]): BcVerdict[] {
  return bcBatch(items.map((item) => ({ args: ['verify-cert', hex(item.certificate), hex(item.issuer)] }))).map(verdict);
}

/**
 * A DSTU CAdES signature checked by Bouncy Castle: messageDigest against the content (GOST 34.311 with the
 * signer certificate's DKE, or Kupyna), then the signature (GOST3411WITHDSTU4145LE, encryptedDigest
 * wrapped in an OCTET STRING) over the signed attributes exactly as stored. Attached when `content` is
 * undefined. The first SignerInfo with a national digest and the first DSTU certificate are the signer's.
 */
export function bcVerifyCms(items: { cms: Uint8Array; content?: Uint8Array }[]): BcVerdict[] {
  return bcBatch(items.map((item) => ({ args: ['verify-cms', hex(item.cms), hex(item.content)] }))).map(verdict);
}

export interface BcKeyStoreEntry {
  alias: 'dstu' | 'ec' | 'rsa';
  /** The key as the JDK stored it (Key.getEncoded()). */
  pkcs8: Uint8Array;
  certificate: Uint8Array;
}

/**
 * A JKS or JCEKS written by the JDK's own KeyStore with three key entries Bouncy Castle generated:
 * DSTU 4145 on M257 (certificate signed GOST3411WITHDSTU4145LE), EC P-256 and RSA-2048.
 */
export function bcMakeKeyStore(type: 'JKS' | 'JCEKS', password: string): { file: Uint8Array; entries: BcKeyStoreEntry[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signdesk-bc-keystore-'));
  try {
    const file = path.join(dir, `store.${type.toLowerCase()}`);
    execFileSync('java', ['-cp', classpath(), 'BcOracle', 'make-keystore', type, file, password, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    const entries = (['dstu', 'ec', 'rsa'] as const).map((alias) => ({
      alias,
      pkcs8: new Uint8Array(fs.readFileSync(path.join(dir, `${alias}.p8`))),
      certificate: new Uint8Array(fs.readFileSync(path.join(dir, `${alias}.cer`))),
    }));
    return { file: new Uint8Array(fs.readFileSync(file)), entries };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
