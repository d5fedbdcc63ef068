import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError, isSigndeskError } from '../../../preload/contract/errors';
import type { CabinetService } from '../cabinet';
import { emptyKeyRecordFields, type KeyRecord } from '../cabinet/key-records';
import { writeFileAtomic } from '../fs/atomic-write';
import { certificatesFromBytes } from '../pki/certificate-input';
import { createCsr } from '../pki/csr';
import { fileKeyPasswordAccount, type SecretStore } from '../secrets';
import type { TokenService } from '../token';
import { detectFileKeyFormat, generateFileKey, openFileKey, readKeyFileBytes, storeFileKeyCertificate } from './file-key';
import { keyCabinetRecord, type KeyCabinetRecord } from './key-cabinet-record';
import { knownPublicKey, spkiOfCertificate } from './key-public-key';
import { fileKeyRef, parseKeyRef, type ParsedKeyRef } from './key-ref';
import { pinFromUri } from '../token/pin-from-uri';
import { formatPkcs11Uri, parsePkcs11Uri, withoutPin, type Pkcs11Uri } from './pkcs11-uri';
import { KEY_ALGORITHM_NAMES, keyAlgorithmFromName, type KeyAlgorithm, type KeyAlgorithmName, type SigningKey } from './signing-key';

export interface SecretRequest {
  kind: 'pin' | 'password';
  /** The key (or the file / token to be) the secret is for. */
  keyRef: string;
  /** `new`: the password a new file key will be encrypted with. */
  purpose: 'open' | 'new';
}

/** Asks for a PIN or password when one is needed (CLI: env var or TTY; app: the PIN dialog). null: PIN pad. */
export type SecretProvider = (request: SecretRequest) => Promise<string | null>;

export interface KeyStoreOptions {
  cabinet: CabinetService;
  /** Where `keys add` copies file keys, still encrypted. */
  keysDir: string;
  /** Built on first use: PKCS#11 libraries load only when a token key is touched. */
  tokens: () => TokenService;
  /** Remembered file-key passwords (the OS keychain in the app). */
  secrets?: SecretStore;
  now?: () => Date;
}

export interface GenerateKeyInput {
  keyRef: string;
  algorithm: KeyAlgorithmName;
  /** CKA_LABEL for token keys (default: the URI's object=); the PKCS#12 friendly name for file keys. */
  label?: string;
  /** The cabinet's name for the key (default: the label or the file name). */
  name?: string;
}

interface OpenedKey {
  key: SigningKey;
  record: KeyRecord | undefined;
  target: Exclude<ParsedKeyRef, { kind: 'cabinet' }>;
  /** The password that opened a file key (PKCS#12 needs it again to store a certificate). */
  password?: string;
}

export function keyAlgorithmName(algorithm: KeyAlgorithm): string {
  return KEY_ALGORITHM_NAMES.find((name) => JSON.stringify(keyAlgorithmFromName(name)) === JSON.stringify(algorithm)) ?? (algorithm.kind === 'EC' ? `ec-${algorithm.namedCurve}` : `rsa-${algorithm.modulusLength}`);
}

function requiredSecret(value: string | null, kind: SecretRequest['kind']): string {
  if (value === null || value.length === 0) throw new SigndeskError(kind === 'pin' ? 'ERR_PIN_REQUIRED' : 'ERR_PASSWORD_REQUIRED', `No ${kind} given`);
  return value;
}

/**
 * Every way Signdesk reaches a key: a KeyRef (`pkcs11:` URI, `file:PATH` or a cabinet key id) becomes a
 * SigningKey once its secret is given; new keys and added keys are recorded in the cabinet.
 */
export class KeyStore {
  private readonly now: () => Date;

  constructor(private readonly options: KeyStoreOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The cabinet in the CLI's shape (`signdesk keys`). */
  async list(): Promise<KeyCabinetRecord[]> {
    const now = this.now();
    return (await this.options.cabinet.list()).map((key) => keyCabinetRecord(key, now));
  }

  async record(id: string): Promise<KeyCabinetRecord> {
    return keyCabinetRecord(await this.options.cabinet.key(id), this.now());
  }

  /** Opens the key for signing. A key the cabinet has blocked is refused with ERR_KEY_BLOCKED. */
  async open(keyRef: string, askSecret: SecretProvider): Promise<SigningKey> {
    return (await this.openDetailed(keyRef, askSecret)).key;
  }

  /** A new key pair: on the token for `pkcs11:`, a new encrypted file for `file:` (PKCS#12 for .p12/.pfx). */
  async generate(input: GenerateKeyInput, askSecret: SecretProvider): Promise<KeyCabinetRecord> {
    const target = parseKeyRef(input.keyRef);
    if (target.kind === 'cabinet') throw new SigndeskError('ERR_USAGE', 'keygen needs a pkcs11: URI or file:PATH for the new key');
    const id = crypto.randomUUID();
    if (target.kind === 'file') {
      const password = requiredSecret(await askSecret({ kind: 'password', keyRef: input.keyRef, purpose: 'new' }), 'password');
      await fs.mkdir(path.dirname(target.path), { recursive: true });
      await generateFileKey(target.path, keyAlgorithmFromName(input.algorithm), password, input.label ? { friendlyName: input.label } : {});
      this.insert({ id, name: input.name ?? input.label ?? path.basename(target.path), storage: 'file', keyRef: fileKeyRef(target.path), tokenLabel: null, algorithm: input.algorithm });
      return this.record(id);
    }
    const label = input.label ?? target.uri.object;
    if (!label) throw new SigndeskError('ERR_USAGE', 'Name the new token key: --label L or object= in the URI');
    const tokens = this.options.tokens();
    const token = await tokens.findToken(tokenQuery(target.uri));
    const pin = await this.tokenPin(target.uri, input.keyRef, askSecret);
    const generated = await tokens.generateKeyPair({ token, algorithm: input.algorithm, label, ...(pin !== undefined ? { pin } : {}) });
    this.insert({ id, name: input.name ?? label, storage: 'token', keyRef: generated.uri, tokenLabel: token.label, algorithm: input.algorithm });
    return this.record(id);
  }

  /**
   * Puts an existing key in the cabinet: a file key (opened once to prove the password) is copied into the
   * cabinet's key folder still encrypted, with its certificate; a token key is registered by its URI.
   */
  async add(keyRef: string, options: { name?: string }, askSecret: SecretProvider): Promise<KeyCabinetRecord> {
    const target = parseKeyRef(keyRef);
    if (target.kind === 'cabinet') throw new SigndeskError('ERR_INPUT_INVALID', `${keyRef} is already a cabinet key id`);
    const opened = await this.openDetailed(keyRef, askSecret);
    const id = crypto.randomUUID();
    const algorithm = keyAlgorithmName(opened.key.algorithm);
    const certificate = opened.key.certificate ? { certificate: opened.key.certificate, chain: [...(opened.key.chain ?? [])] } : {};
    if (target.kind === 'file') {
      const bytes = await readKeyFileBytes(target.path);
      const format = detectFileKeyFormat(bytes);
      const extension = format === 'pkcs12' ? '.p12' : bytes[0] === 0x30 ? '.key.der' : '.key.pem';
      await fs.mkdir(this.options.keysDir, { recursive: true, mode: 0o700 });
      const copy = path.join(this.options.keysDir, `${id}${extension}`);
      await writeFileAtomic(copy, bytes, { overwrite: false, mode: 0o600 });
      if (format === 'pkcs8' && opened.key.certificate) await storeFileKeyCertificate(copy, opened.key.certificate, opened.key.chain ?? []);
      this.insert({ id, name: options.name ?? path.basename(target.path), storage: 'file', keyRef: fileKeyRef(copy), tokenLabel: null, algorithm, ...certificate });
    } else {
      const registered = formatPkcs11Uri(withoutPin(parsePkcs11Uri(opened.key.ref)));
      if (this.options.cabinet.records.findByRef(registered)) throw new SigndeskError('ERR_INPUT_INVALID', 'This token key is already in the cabinet');
      const tokenLabel = parsePkcs11Uri(registered).token ?? target.uri.token ?? null;
      this.insert({ id, name: options.name ?? target.uri.object ?? tokenLabel ?? 'token key', storage: 'token', keyRef: registered, tokenLabel, algorithm, ...certificate });
    }
    return this.record(id);
  }

  /** A PKCS#10 request signed by the key; a cabinet key keeps it as its latest request. */
  async createRequest(keyRef: string, subject: string, askSecret: SecretProvider): Promise<Uint8Array> {
    const opened = await this.openDetailed(keyRef, askSecret);
    const request = await createCsr(opened.key, subject);
    if (opened.record) {
      this.options.cabinet.records.update(opened.record.id, { request, requestPurpose: 'new', requestCreated: this.now().toISOString(), requestSent: false });
    }
    return request;
  }

  /**
   * Binds a certificate (PEM, DER or .p7b; the rest of a bundle is the chain) to the key after checking it
   * carries the key's public key (else ERR_CERT_KEY_MISMATCH): a certificate object with the key's CKA_ID on
   * the token, or stored with the file key; the cabinet record is updated too.
   */
  async bindCertificate(keyRef: string, certificateBytes: Uint8Array, askSecret: SecretProvider): Promise<{ certificate: Uint8Array; chain: Uint8Array[] }> {
    const certificates = certificatesFromBytes(certificateBytes);
    const { record, target } = this.resolve(keyRef);
    // A PKCS#8 key's certificate lives beside it: when the cabinet already knows the public key (from the
    // request or an earlier certificate) the password is not needed. PKCS#12 and tokens are written into.
    const known = target.kind === 'file' && record && detectFileKeyFormat(await readKeyFileBytes(target.path)) === 'pkcs8' ? knownPublicKey(record) : undefined;
    const opened = known ? undefined : await this.openDetailed(keyRef, askSecret);
    const spki = known ?? Buffer.from(opened!.key.publicKeySpki);
    const own = certificates.find((der) => spkiOfCertificate(der).equals(spki));
    if (!own) throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate is not for this key: its public key differs');
    const chain = certificates.filter((der) => der !== own);
    if (target.kind === 'file') {
      await storeFileKeyCertificate(target.path, own, chain, opened?.password);
    } else {
      const uri = parsePkcs11Uri(opened!.key.ref);
      if (!uri.id) throw new SigndeskError('ERR_INTERNAL', 'The token key has no CKA_ID');
      const tokens = this.options.tokens();
      await tokens.bindCertificate(await tokens.findToken(tokenQuery(uri)), uri.id, own);
    }
    const bound = record ?? this.options.cabinet.records.findByRef(keyRefOf(target));
    if (bound) this.options.cabinet.records.update(bound.id, { certificate: own, chain: chain.length > 0 ? chain : bound.chain, lastStatus: null, lastStatusAt: null });
    return { certificate: own, chain };
  }

  /** Remembers a cabinet file key's password in the OS keychain, so opening it asks no more. */
  async rememberPassword(keyId: string, password: string): Promise<void> {
    const record = this.options.cabinet.records.get(keyId);
    if (record.storage !== 'file') throw new SigndeskError('ERR_INPUT_INVALID', 'Only file-key passwords are remembered; a token PIN never is');
    await openFileKey(parseFilePath(record.keyRef), password);
    await this.secretStore().set(fileKeyPasswordAccount(keyId), password);
  }

  async forgetPassword(keyId: string): Promise<boolean> {
    return this.secretStore().delete(fileKeyPasswordAccount(keyId));
  }

  private secretStore(): SecretStore {
    if (!this.options.secrets) throw new SigndeskError('ERR_SECRET_STORE_UNAVAILABLE', 'No keychain is configured');
    return this.options.secrets;
  }

  /** Which key a KeyRef names and its cabinet record, if any (a cabinet id must exist). */
  private resolve(keyRef: string): { record: KeyRecord | undefined; target: OpenedKey['target'] } {
    const parsed = parseKeyRef(keyRef);
    const records = this.options.cabinet.records;
    if (parsed.kind !== 'cabinet') return { record: records.findByRef(keyRefOf(parsed)), target: parsed };
    const record = records.find(parsed.id);
    if (!record) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No key ${parsed.id} in the cabinet: give a pkcs11: URI, file:PATH or an id that \`signdesk keys\` lists`, { keyId: parsed.id });
    return { record, target: parseKeyRef(record.keyRef) as OpenedKey['target'] };
  }

  private async openDetailed(keyRef: string, askSecret: SecretProvider): Promise<OpenedKey> {
    const { record, target } = this.resolve(keyRef);
    if (record?.blocked) throw new SigndeskError('ERR_KEY_BLOCKED', `The key "${record.name}" is blocked in the cabinet`, { keyId: record.id });
    if (target.kind === 'file') {
      const ref = record?.keyRef ?? fileKeyRef(target.path);
      const remembered = record ? await this.rememberedPassword(record.id) : undefined;
      if (remembered !== undefined) {
        try {
          return { key: await openFileKey(target.path, remembered, ref), record, target, password: remembered };
        } catch (error) {
          // The file's password changed elsewhere: ask instead.
          if (!isSigndeskError(error, 'ERR_PASSWORD_INCORRECT')) throw error;
        }
      }
      const password = requiredSecret(await askSecret({ kind: 'password', keyRef: ref, purpose: 'open' }), 'password');
      return { key: await openFileKey(target.path, password, ref), record, target, password };
    }
    const pin = await this.tokenPin(target.uri, keyRef, askSecret);
    const key = await this.options.tokens().openSigningKey(target.uri, pin);
    return { key, record, target };
  }

  private async rememberedPassword(keyId: string): Promise<string | undefined> {
    if (!this.options.secrets) return undefined;
    try {
      return await this.options.secrets.get(fileKeyPasswordAccount(keyId));
    } catch (error) {
      // No keychain (a headless session): the password is simply asked for.
      if (isSigndeskError(error, 'ERR_SECRET_STORE_UNAVAILABLE')) return undefined;
      throw error;
    }
  }

  /** The URI's own PIN (pin-value / pin-source) wins; otherwise ask (null: the reader's PIN pad). */
  private async tokenPin(uri: Pkcs11Uri, keyRef: string, askSecret: SecretProvider): Promise<string | null | undefined> {
    const fromUri = pinFromUri(uri);
    if (fromUri !== undefined) return fromUri;
    return askSecret({ kind: 'pin', keyRef, purpose: 'open' });
  }

  private insert(fields: Pick<KeyRecord, 'id' | 'name' | 'storage' | 'keyRef' | 'tokenLabel' | 'algorithm'> & Partial<Pick<KeyRecord, 'certificate' | 'chain'>>): void {
    const records = this.options.cabinet.records;
    if (records.findByRef(fields.keyRef)) throw new SigndeskError('ERR_INPUT_INVALID', `${fields.keyRef} is already in the cabinet`);
    records.insert({
      ...emptyKeyRecordFields(),
      ...fields,
      created: this.now().toISOString(),
    });
  }
}

function keyRefOf(target: Exclude<ParsedKeyRef, { kind: 'cabinet' }>): string {
  return target.kind === 'file' ? fileKeyRef(target.path) : formatPkcs11Uri(withoutPin(target.uri));
}

function parseFilePath(keyRef: string): string {
  const parsed = parseKeyRef(keyRef);
  if (parsed.kind !== 'file') throw new SigndeskError('ERR_INTERNAL', `${keyRef} is not a file key`);
  return parsed.path;
}

function tokenQuery(uri: Pkcs11Uri) {
  return { label: uri.token, serial: uri.serial, manufacturer: uri.manufacturer, model: uri.model, modulePath: uri.modulePath, moduleName: uri.moduleName };
}

