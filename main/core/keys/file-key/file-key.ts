import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';
import { writeFileAtomic } from '../../fs/atomic-write';
import { NodeSigningKey } from '../node-signing-key';
import type { KeyAlgorithm } from '../signing-key';
import { decryptPrivateKey, encryptPrivateKey, encryptPrivateKeyPem } from './encrypted-pkcs8';
import { looksLikePem, pemDecodeAll, pemEncode } from './pem';
import { readPkcs12, writePkcs12 } from './pkcs12';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** `pkcs8`: EncryptedPrivateKeyInfo (PEM or DER), certificate in `<file>.crt.pem`; `pkcs12`: `.p12`/`.pfx`. */
export type FileKeyFormat = 'pkcs8' | 'pkcs12';

export interface FileKeyContents {
  format: FileKeyFormat;
  privateKey: KeyObject;
  certificate?: Uint8Array;
  chain: Uint8Array[];
  friendlyName?: string;
}

/** Where a PKCS#8 key's certificate (and its chain after it) is kept: beside the key. */
export function certificatePathFor(keyPath: string): string {
  return `${keyPath}.crt.pem`;
}

/** `keygen` writes PKCS#12 when the name says so, encrypted PKCS#8 PEM otherwise. */
export function formatForNewFile(keyPath: string): FileKeyFormat {
  return /\.(p12|pfx)$/i.test(keyPath) ? 'pkcs12' : 'pkcs8';
}

/** Tells the two formats apart by content (names lie: Windows tools write `.pfx`, others `.p12` or `.key`). */
export function detectFileKeyFormat(bytes: Uint8Array): FileKeyFormat {
  if (looksLikePem(bytes)) return 'pkcs8';
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) {
    throw new SigndeskError('ERR_KEY_FILE_CORRUPT', 'The key file is neither PEM nor DER');
  }
  // PFX starts with its version INTEGER; EncryptedPrivateKeyInfo with an AlgorithmIdentifier SEQUENCE.
  return parsed.result.valueBlock.value[0] instanceof asn1js.Integer ? 'pkcs12' : 'pkcs8';
}

export async function readKeyFileBytes(keyPath: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(keyPath));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_KEY_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read the key file ${keyPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readCertificateBeside(keyPath: string): Promise<{ certificate?: Uint8Array; chain: Uint8Array[] }> {
  let text: string;
  try {
    text = await fs.readFile(certificatePathFor(keyPath), 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { chain: [] };
    throw error;
  }
  const certificates = pemDecodeAll(text).filter((block) => block.label === 'CERTIFICATE').map((block) => block.der);
  return { certificate: certificates[0], chain: certificates.slice(1) };
}

/** Decrypts a file key with its password and reads its certificate. The file is never written. */
export async function readFileKey(keyPath: string, password: string): Promise<FileKeyContents> {
  const bytes = await readKeyFileBytes(keyPath);
  const format = detectFileKeyFormat(bytes);
  if (format === 'pkcs12') return { format, ...(await readPkcs12(bytes, password)) };
  const privateKey = await decryptPrivateKey(bytes, password);
  return { format, privateKey, ...(await readCertificateBeside(keyPath)) };
}

/** Opens a file key as a SigningKey (`ref` is `file:<path>` unless the caller names it otherwise). */
export async function openFileKey(keyPath: string, password: string, ref = `file:${keyPath}`): Promise<NodeSigningKey> {
  const contents = await readFileKey(keyPath, password);
  return new NodeSigningKey(ref, contents.privateKey, contents.certificate, contents.chain);
}

export async function generatePrivateKey(algorithm: KeyAlgorithm): Promise<KeyObject> {
  if (algorithm.kind === 'EC') return (await generateKeyPair('ec', { namedCurve: algorithm.namedCurve })).privateKey;
  return (await generateKeyPair('rsa', { modulusLength: algorithm.modulusLength, publicExponent: 0x10001 })).privateKey;
}

export interface GeneratedFileKey {
  format: FileKeyFormat;
  publicKeySpki: Uint8Array;
}

/** A new key pair written encrypted to a new file (never over an existing one). */
export async function generateFileKey(keyPath: string, algorithm: KeyAlgorithm, password: string, options: { friendlyName?: string } = {}): Promise<GeneratedFileKey> {
  if (password.length === 0) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'A file key needs a non-empty password');
  const privateKey = await generatePrivateKey(algorithm);
  const format = formatForNewFile(keyPath);
  const data = format === 'pkcs12' ? await writePkcs12({ privateKey, friendlyName: options.friendlyName }, password) : await encryptPrivateKeyPem(privateKey, password);
  await writeNewFile(keyPath, data);
  return { format, publicKeySpki: new Uint8Array(crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' })) };
}

async function writeNewFile(keyPath: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFileAtomic(keyPath, data, { overwrite: false, mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `${keyPath} already exists`);
    throw error;
  }
}

/**
 * Re-encrypts the key under a new password, in the same format and encoding, replacing the file
 * atomically: a wrong old password or any failure leaves the file byte-identical.
 */
export async function changeFileKeyPassword(keyPath: string, oldPassword: string, newPassword: string): Promise<void> {
  if (newPassword.length === 0) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'A file key needs a non-empty password');
  const bytes = await readKeyFileBytes(keyPath);
  const contents = await readFileKey(keyPath, oldPassword);
  let data: Uint8Array | string;
  if (contents.format === 'pkcs12') data = await writePkcs12(contents, newPassword);
  else if (looksLikePem(bytes)) data = await encryptPrivateKeyPem(contents.privateKey, newPassword);
  else data = await encryptPrivateKey(contents.privateKey, newPassword);
  await writeFileAtomic(keyPath, data, { mode: 0o600 });
}

/**
 * Binds a certificate (and chain) to a file key: PKCS#8 keys get `<file>.crt.pem` beside them; a PKCS#12
 * is rewritten with the certificate inside, which needs its password.
 */
export async function storeFileKeyCertificate(keyPath: string, certificate: Uint8Array, chain: readonly Uint8Array[], password?: string): Promise<void> {
  const bytes = await readKeyFileBytes(keyPath);
  if (detectFileKeyFormat(bytes) === 'pkcs8') {
    const pem = [certificate, ...chain].map((der) => pemEncode('CERTIFICATE', der)).join('');
    await writeFileAtomic(certificatePathFor(keyPath), pem, { mode: 0o644 });
    return;
  }
  if (password === undefined) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'The PKCS#12 file must be re-encrypted to hold the certificate: its password is needed');
  const contents = await readPkcs12(bytes, password);
  await writeFileAtomic(keyPath, await writePkcs12({ ...contents, certificate, chain: [...chain] }, password), { mode: 0o600 });
}

/**
 * Exports a file key with its certificate and chain as a new PKCS#12 (AES-256, SHA-256 MAC) for other
 * signing tools; `exportPassword` protects the new file (it may differ from the key's own password).
 */
export async function exportFileKeyAsPkcs12(keyPath: string, password: string, target: string, exportPassword: string): Promise<void> {
  if (exportPassword.length === 0) throw new SigndeskError('ERR_PASSWORD_REQUIRED', 'The exported file needs a non-empty password');
  const contents = await readFileKey(keyPath, password);
  await writeNewFile(target, await writePkcs12(contents, exportPassword));
}
