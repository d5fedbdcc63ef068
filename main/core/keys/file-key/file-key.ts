import fs from 'node:fs/promises';
import { SigndeskError } from '../../../../preload/contract/errors';
import { writeFileAtomic } from '../../fs/atomic-write';
import {
  certificateSpki,
  destroyPrivateKey,
  generatePrivateKey as generateKeyMaterial,
  pkcs8OfPrivateKey,
  privateKeyFromPkcs8,
  privateKeyIsConsistent,
  spkiOfPrivateKey,
  verificationKeyFromSpki,
  type KeyAlgorithm,
  type PrivateKey,
} from '../../crypto';
import { detectContainer, readKeyContainer, type ContainerFormat, type ContainerKey, type ReadContainerOptions } from '../containers';
import { SoftwareSigningKey } from '../software-signing-key';
import { encryptPrivateKey, encryptPrivateKeyPem } from './encrypted-pkcs8';
import { looksLikePem, pemDecodeAll, pemEncode } from './pem';
import { writePkcs12 } from './pkcs12';

/** How Signdesk writes a file key: encrypted PKCS#8 (certificate beside it) or PKCS#12 (`.p12`/`.pfx`). */
export type FileKeyFormat = 'pkcs8' | 'pkcs12';

export interface FileKeyContents {
  /** The container as found: our two, or one Ukrainian CAs issue (IIT Key-6.dat, JKS…). */
  container: ContainerFormat;
  privateKey: PrivateKey;
  certificate?: Uint8Array;
  chain: Uint8Array[];
  friendlyName?: string;
  /** What the container held besides the signing key (an IIT encryption key), and why this one was taken. */
  note?: string;
}

/** Where a key's certificate (and its chain after it) is kept when its container holds none: beside the key. */
export function certificatePathFor(keyPath: string): string {
  return `${keyPath}.crt.pem`;
}

/** `keygen` writes PKCS#12 when the name says so, encrypted PKCS#8 PEM otherwise. */
export function formatForNewFile(keyPath: string): FileKeyFormat {
  return /\.(p12|pfx)$/i.test(keyPath) ? 'pkcs12' : 'pkcs8';
}

/** The container format by content (names lie: Windows tools write `.pfx`, others `.p12`, `.key`, `Key-6.dat`). */
export function detectFileKeyFormat(bytes: Uint8Array): ContainerFormat {
  const format = detectContainer(bytes);
  if (format === 'unknown') throw new SigndeskError('ERR_KEY_FILE_UNKNOWN', 'This file is not a key container Signdesk reads (PKCS#12, PKCS#8, Key-6.dat, JKS)');
  return format;
}

export async function readKeyFileBytes(keyPath: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(keyPath));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_KEY_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read the key file ${keyPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readCertificateBeside(keyPath: string): Promise<Uint8Array[]> {
  let text: string;
  try {
    text = await fs.readFile(certificatePathFor(keyPath), 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return pemDecodeAll(text)
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => block.der);
}

/**
 * Decrypts a file key with its password and finds its certificate. The container is any Signdesk reads; of several
 * keys the signing key is taken (a Ukrainian container often holds an encryption key too). The key must match its
 * certificate: a damaged file that decrypts to another key is ERR_KEY_FILE_CORRUPT, not a bad signature later.
 */
export async function readFileKey(keyPath: string, password: string, options: ReadContainerOptions = {}): Promise<FileKeyContents> {
  const bytes = await readKeyFileBytes(keyPath);
  const contents = await readKeyContainer(bytes, password, options);
  if (contents.format === 'pkcs8') throw new SigndeskError('ERR_INPUT_INVALID', 'The key file is not encrypted: protect it with a password first');
  const chosen = signingKeyOf(contents.keys);
  const beside = await readCertificateBeside(keyPath);
  const candidates = [...(chosen.certificates ?? []), ...contents.certificates, ...beside];
  const certificate = candidates.find((der) => tryCertificateSpki(der) !== undefined && certificateMatches(der, chosen.privateKeyInfo));
  const privateKey = privateKeyFromPkcs8(chosen.privateKeyInfo, certificate ? { expectedPublicKey: certificateSpki(certificate) } : {});
  // Its own certificate is the one the container pairs with it, or the one Signdesk keeps beside the file.
  if (!certificate && ((chosen.certificates?.length ?? 0) > 0 || beside.length > 0)) {
    destroyPrivateKey(privateKey);
    throw new SigndeskError('ERR_KEY_FILE_CORRUPT', 'The key in the file does not match its own certificate: the file is damaged');
  }
  if (!privateKeyIsConsistent(privateKey)) {
    destroyPrivateKey(privateKey);
    throw new SigndeskError('ERR_KEY_FILE_CORRUPT', 'The key in the file is damaged: its private half no longer matches its public half');
  }
  const chain = uniqueExcept([...contents.certificates, ...beside, ...(chosen.certificates ?? [])], certificate);
  const others = contents.keys.length - 1;
  return {
    container: contents.format,
    privateKey,
    ...(certificate ? { certificate } : {}),
    chain,
    ...(chosen.alias ? { friendlyName: chosen.alias } : {}),
    ...(others > 0 ? { note: chosen.roleReason ?? `The file holds ${others + 1} keys: the signing key was taken` } : {}),
  };
}

/** Opens a file key as a SigningKey (`ref` is `file:<path>` unless the caller names it otherwise). */
export async function openFileKey(keyPath: string, password: string, ref = `file:${keyPath}`): Promise<SoftwareSigningKey> {
  const contents = await readFileKey(keyPath, password);
  return new SoftwareSigningKey(ref, contents.privateKey, contents.certificate, contents.chain);
}

export interface GeneratedFileKey {
  format: FileKeyFormat;
  publicKeySpki: Uint8Array;
}

/** A new key pair written encrypted to a new file (never over an existing one). */
export async function generateFileKey(keyPath: string, algorithm: KeyAlgorithm, password: string, options: { friendlyName?: string } = {}): Promise<GeneratedFileKey> {
  if (password.length === 0) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'A file key needs a non-empty password');
  const privateKey = await generateKeyMaterial(algorithm);
  try {
    const format = formatForNewFile(keyPath);
    await writeNewFile(keyPath, await encodeFileKey(format, { privateKey, chain: [], ...(options.friendlyName ? { friendlyName: options.friendlyName } : {}) }, password));
    return { format, publicKeySpki: spkiOfPrivateKey(privateKey) };
  } finally {
    destroyPrivateKey(privateKey);
  }
}

async function writeNewFile(keyPath: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFileAtomic(keyPath, data, { overwrite: false, mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `${keyPath} already exists`);
    throw error;
  }
}

/** Our two formats: PKCS#12 with the certificates inside, or encrypted PKCS#8 (PEM unless `der`). */
async function encodeFileKey(format: FileKeyFormat, contents: Pick<FileKeyContents, 'privateKey' | 'certificate' | 'chain' | 'friendlyName'>, password: string, der = false): Promise<Uint8Array | string> {
  const pkcs8 = pkcs8OfPrivateKey(contents.privateKey);
  try {
    if (format === 'pkcs12') {
      return await writePkcs12({ privateKeyInfo: pkcs8, publicKeySpki: spkiOfPrivateKey(contents.privateKey), certificate: contents.certificate, chain: contents.chain, friendlyName: contents.friendlyName }, password);
    }
    return der ? await encryptPrivateKey(pkcs8, password) : await encryptPrivateKeyPem(pkcs8, password);
  } finally {
    pkcs8.fill(0);
  }
}

/**
 * Re-encrypts the key under a new password, replacing the file atomically: a wrong old password or any failure
 * leaves it byte-identical. Our PKCS#12 and PKCS#8 files keep their format and encoding; a container Signdesk does
 * not write (Key-6.dat, JKS, a GOST PKCS#8) becomes encrypted PKCS#8 with its certificate beside it.
 */
export async function changeFileKeyPassword(keyPath: string, oldPassword: string, newPassword: string): Promise<void> {
  if (newPassword.length === 0) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'A file key needs a non-empty password');
  const bytes = await readKeyFileBytes(keyPath);
  const contents = await readFileKey(keyPath, oldPassword);
  try {
    const format: FileKeyFormat = contents.container === 'pkcs12' ? 'pkcs12' : 'pkcs8';
    if (format === 'pkcs8' && contents.container !== 'pkcs8-encrypted' && contents.certificate) {
      await writeFileAtomic(certificatePathFor(keyPath), [contents.certificate, ...contents.chain].map((der) => pemEncode('CERTIFICATE', der)).join(''), { mode: 0o644 });
    }
    await writeFileAtomic(keyPath, await encodeFileKey(format, contents, newPassword, format === 'pkcs8' && !looksLikePem(bytes)), { mode: 0o600 });
  } finally {
    destroyPrivateKey(contents.privateKey);
  }
}

/**
 * Binds a certificate (and chain) to a file key: a PKCS#12 is rewritten with the certificate inside (which needs its
 * password); any other container keeps it beside, in `<file>.crt.pem`.
 */
export async function storeFileKeyCertificate(keyPath: string, certificate: Uint8Array, chain: readonly Uint8Array[], password?: string): Promise<void> {
  const bytes = await readKeyFileBytes(keyPath);
  if (detectFileKeyFormat(bytes) !== 'pkcs12') {
    const pem = [certificate, ...chain].map((der) => pemEncode('CERTIFICATE', der)).join('');
    await writeFileAtomic(certificatePathFor(keyPath), pem, { mode: 0o644 });
    return;
  }
  if (password === undefined) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'The PKCS#12 file must be re-encrypted to hold the certificate: its password is needed');
  const contents = await readFileKey(keyPath, password);
  try {
    await writeFileAtomic(keyPath, await encodeFileKey('pkcs12', { ...contents, certificate, chain: [...chain] }, password), { mode: 0o600 });
  } finally {
    destroyPrivateKey(contents.privateKey);
  }
}

/**
 * Exports a file key with its certificate and chain as a new PKCS#12 (AES-256, SHA-256 MAC) for other signing tools;
 * `exportPassword` protects the new file (it may differ from the key's own password).
 */
export async function exportFileKeyAsPkcs12(keyPath: string, password: string, target: string, exportPassword: string, options: ReadContainerOptions = {}): Promise<void> {
  if (exportPassword.length === 0) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'The exported file needs a non-empty password');
  const contents = await readFileKey(keyPath, password, options);
  try {
    await writeNewFile(target, await encodeFileKey('pkcs12', contents, exportPassword));
  } finally {
    destroyPrivateKey(contents.privateKey);
  }
}

/** The signing key among a container's keys: the one marked so, else one of unknown role, else the first. */
function signingKeyOf(keys: readonly ContainerKey[]): ContainerKey {
  const chosen = keys.find((key) => key.role === 'signing') ?? keys.find((key) => key.role !== 'encryption') ?? keys[0];
  if (!chosen) throw new SigndeskError('ERR_KEY_FILE_CORRUPT', 'The key file holds no private key');
  return chosen;
}

function tryCertificateSpki(der: Uint8Array): Uint8Array | undefined {
  try {
    return certificateSpki(der);
  } catch {
    return undefined;
  }
}

/** Whether the certificate carries the public key of this PrivateKeyInfo. */
function certificateMatches(certificate: Uint8Array, privateKeyInfo: Uint8Array): boolean {
  try {
    const key = privateKeyFromPkcs8(privateKeyInfo, { expectedPublicKey: certificateSpki(certificate) });
    try {
      return sameKey(spkiOfPrivateKey(key), certificateSpki(certificate));
    } finally {
      destroyPrivateKey(key);
    }
  } catch {
    return false;
  }
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  try {
    const left = verificationKeyFromSpki(a);
    const right = verificationKeyFromSpki(b);
    if (left.kind === 'node' && right.kind === 'node') return left.key.equals(right.key);
    if (left.kind === 'dstu' && right.kind === 'dstu') return left.key.equals(right.key);
    return false;
  } catch {
    return false;
  }
}

function uniqueExcept(certificates: readonly Uint8Array[], except: Uint8Array | undefined): Uint8Array[] {
  const seen = new Set<string>(except ? [Buffer.from(except).toString('base64')] : []);
  const out: Uint8Array[] = [];
  for (const der of certificates) {
    const key = Buffer.from(der).toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(der);
  }
  return out;
}
