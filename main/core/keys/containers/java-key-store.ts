import crypto from 'node:crypto';
import { SigndeskError } from '../../../../preload/contract/errors';
import { ContainerDer } from './container-der';
import { CONTAINER_LIMITS, checkIterations, corrupt, wrongPassword } from './container-limits';
import type { ContainerContents, ContainerKey } from './container-types';
import { splitPrivateKeyInfo } from './iit-private-key';
import { assignRolesFromCertificates } from './key-roles';
import { utf16be } from './password-encodings';

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;
/** Sun's proprietary key protector of JKS (SHA-1 keystream). */
const JKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.17.1.1';
/** JCEKS: PBEWithMD5AndTripleDES (Sun's KeyProtector of the SunJCE provider). */
const JCEKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.19.1';

class Cursor {
  #offset = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly format: string,
  ) {}

  get offset(): number {
    return this.#offset;
  }

  take(length: number, what: string): Uint8Array {
    if (length < 0 || this.#offset + length > this.bytes.length) throw corrupt(this.format, `${what} runs past the end of the file`);
    const out = this.bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  u16(what: string): number {
    const b = this.take(2, what);
    return (b[0] << 8) | b[1];
  }

  u32(what: string): number {
    const b = this.take(4, what);
    return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  }

  utf(what: string): string {
    return Buffer.from(this.take(this.u16(what), what)).toString('utf8');
  }
}

/**
 * JKS key protector: the data is salt (20) ‖ ciphertext ‖ check (20); the keystream is
 * SHA-1(password ‖ salt), SHA-1(password ‖ previous block), …; check = SHA-1(password ‖ plaintext),
 * with the password as UTF-16 big-endian.
 */
export function unprotectJksKey(protectedKey: Uint8Array, password: string): Uint8Array {
  if (protectedKey.length < 41) throw corrupt('JKS', 'the protected key is too short');
  const passwordBytes = utf16be(password);
  const salt = protectedKey.subarray(0, 20);
  const encrypted = protectedKey.subarray(20, protectedKey.length - 20);
  const check = protectedKey.subarray(protectedKey.length - 20);
  const plain = new Uint8Array(encrypted.length);
  let block: Uint8Array = salt;
  for (let offset = 0; offset < encrypted.length; offset += 20) {
    block = crypto.createHash('sha1').update(passwordBytes).update(block).digest();
    for (let i = 0; i < 20 && offset + i < encrypted.length; i++) plain[offset + i] = encrypted[offset + i] ^ block[i];
  }
  const digest = crypto.createHash('sha1').update(passwordBytes).update(plain).digest();
  passwordBytes.fill(0);
  if (!crypto.timingSafeEqual(digest, check)) {
    plain.fill(0);
    throw wrongPassword();
  }
  return plain;
}

/**
 * JCEKS key protector, PBEWithMD5AndTripleDES as SunJCE implements it: the 8-byte salt's halves (the
 * first half altered when both are equal, reproducing the JDK's own index slip) each hashed with the
 * password through `iterations` rounds of MD5, giving the 3DES key (24 bytes) and IV (8), then
 * DES-EDE3-CBC with PKCS#5 padding. The JDK keeps 7 bits per password character.
 */
export function unprotectJceksKey(salt: Uint8Array, iterations: number, encrypted: Uint8Array, password: string): Uint8Array {
  if (salt.length !== 8) throw corrupt('JCEKS', `a salt of ${salt.length} bytes`);
  checkIterations('JCEKS', iterations, CONTAINER_LIMITS.maxJceksIterations);
  const s = Uint8Array.from(salt);
  if (s[0] === s[4] && s[1] === s[5] && s[2] === s[6] && s[3] === s[7]) {
    for (let i = 0; i < 2; i++) {
      const t = s[i];
      s[i] = s[3 - i];
      s[2] = t;
    }
  }
  const passwordBytes = Uint8Array.from(password, (char) => char.charCodeAt(0) & 0x7f);
  const derived = new Uint8Array(32);
  for (let half = 0; half < 2; half++) {
    let block: Uint8Array = s.subarray(4 * half, 4 * half + 4);
    for (let i = 0; i < iterations; i++) block = crypto.createHash('md5').update(block).update(passwordBytes).digest();
    derived.set(block, 16 * half);
  }
  try {
    const decipher = crypto.createDecipheriv('des-ede3-cbc', derived.subarray(0, 24), derived.subarray(24, 32));
    return new Uint8Array(Buffer.concat([decipher.update(encrypted), decipher.final()]));
  } catch {
    throw wrongPassword();
  } finally {
    derived.fill(0);
    passwordBytes.fill(0);
  }
}

/** The JCEKS key-derivation work one file may ask for, summed over its keys. */
class JceksWork {
  #total = 0;
  spend(iterations: number): void {
    this.#total += iterations;
    if (this.#total > CONTAINER_LIMITS.maxJceksIterationsTotal) throw corrupt('JCEKS', `asks for more than ${CONTAINER_LIMITS.maxJceksIterationsTotal} key-derivation rounds in all`);
  }
}

function unprotect(format: 'JKS' | 'JCEKS', encryptedKeyInfo: Uint8Array, password: string, work: JceksWork): Uint8Array {
  const reader = new ContainerDer(format);
  const [algorithm, data] = reader.items(reader.parse(encryptedKeyInfo, 'protected key'), 'EncryptedPrivateKeyInfo');
  const [oidNode, params] = reader.items(algorithm, 'AlgorithmIdentifier');
  const oid = reader.oid(oidNode, 'key protection algorithm');
  const encrypted = reader.octets(data, 'encrypted key');
  if (oid === JKS_KEY_PROTECTOR) return unprotectJksKey(encrypted, password);
  if (oid === JCEKS_KEY_PROTECTOR && format === 'JCEKS') {
    const [saltNode, iterationsNode] = reader.items(params, 'PBE parameters');
    const iterations = reader.integer(iterationsNode, 'iterations');
    work.spend(iterations);
    return unprotectJceksKey(reader.octets(saltNode, 'salt'), iterations, encrypted, password);
  }
  throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unsupported ${format} key protection ${oid}`);
}

/**
 * Opens a Java KeyStore (JKS, as PrivatBank issues DSTU keys in, or JCEKS) with one password for the
 * store and its keys: checks the store's integrity hash (SHA-1 over the password, "Mighty Aphrodite" and
 * the contents), then unprotects every private key entry to its PKCS#8 PrivateKeyInfo (DSTU, EC, RSA…),
 * with its certificate chain. Trusted-certificate entries go to `certificates`; JCEKS secret-key entries
 * (Java-serialized) are refused as unsupported.
 */
export function readJavaKeyStore(bytes: Uint8Array, password: string): ContainerContents {
  if (bytes.length < 12 + 20) throw corrupt('Java key store', 'the file is too short');
  const magic = new Cursor(bytes, 'Java key store').u32('magic');
  const format = magic === JKS_MAGIC ? 'JKS' : magic === JCEKS_MAGIC ? 'JCEKS' : undefined;
  if (!format) throw corrupt('Java key store', 'not a JKS or JCEKS file');
  const cursor = new Cursor(bytes.subarray(0, bytes.length - 20), format);
  cursor.u32('magic');
  const version = cursor.u32('version');
  if (version !== 1 && version !== 2) throw corrupt(format, `version ${version}`);
  const count = cursor.u32('entry count');
  if (count > CONTAINER_LIMITS.maxEntries) throw corrupt(format, `${count} entries`);
  const certificate = () => {
    if (version === 2) cursor.utf('certificate type');
    return Uint8Array.from(cursor.take(cursor.u32('certificate length'), 'certificate'));
  };
  const protectedKeys: { alias: string; encrypted: Uint8Array; chain: Uint8Array[] }[] = [];
  const trusted: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const tag = cursor.u32('entry tag');
    const alias = cursor.utf('alias');
    cursor.take(8, 'timestamp');
    if (tag === 1) {
      const encrypted = Uint8Array.from(cursor.take(cursor.u32('key length'), 'protected key'));
      const chainLength = cursor.u32('chain length');
      if (chainLength > CONTAINER_LIMITS.maxChain) throw corrupt(format, `a chain of ${chainLength} certificates`);
      const chain = Array.from({ length: chainLength }, certificate);
      protectedKeys.push({ alias, encrypted, chain });
    } else if (tag === 2) {
      trusted.push(certificate());
    } else if (tag === 3 && format === 'JCEKS') {
      throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', 'JCEKS secret-key entries are not supported');
    } else {
      throw corrupt(format, `an entry of unknown type ${tag}`);
    }
  }
  if (cursor.offset !== bytes.length - 20) throw corrupt(format, 'data after the last entry');
  const passwordBytes = utf16be(password);
  const digest = crypto.createHash('sha1').update(passwordBytes).update('Mighty Aphrodite', 'utf8').update(bytes.subarray(0, bytes.length - 20)).digest();
  passwordBytes.fill(0);
  if (!crypto.timingSafeEqual(digest, bytes.subarray(bytes.length - 20))) throw wrongPassword();

  const keys: ContainerKey[] = [];
  const work = new JceksWork();
  for (const entry of protectedKeys) {
    const privateKeyInfo = unprotect(format, entry.encrypted, password, work);
    for (const key of splitPrivateKeyInfo(privateKeyInfo, format, 'auto', entry.chain)) keys.push({ ...key, alias: entry.alias, certificates: entry.chain });
  }
  const certificates = [...protectedKeys.flatMap((entry) => entry.chain), ...trusted];
  return { keys: assignRolesFromCertificates(keys, certificates), certificates, format: format === 'JKS' ? 'jks' : 'jceks' };
}
