import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { certificateSpki, defaultHashFor, isKeyAlgorithmName, keyAlgorithmFromName, keyAlgorithmName, type KeyAlgorithmName, type SigningHashName, type SigningKey } from '../crypto';
import { writeFileAtomic } from '../fs/atomic-write';
import { detectFileKeyFormat, fileKeyRef, exportFileKeyAsPkcs12, generateFileKey, parseKeyRef, readKeyFileBytes, storeFileKeyCertificate, type SecretProvider, type SecretRequest } from '../keys';
import type { ContainerFormat } from '../keys/containers';
import { certificatesFromBytes } from '../pki/certificate-input';
import { createCsr } from '../pki/csr';
import { fileKeyPasswordAccount, type SecretStore } from '../secrets';
import { formatPkcs11Uri, parsePkcs11Uri, withoutPin, type Pkcs11Uri, type TokenService } from '../token';
import { keyCabinetRecord, type KeyCabinetRecord } from './key-cabinet-record';
import { keyRefOf, type KeyOpener, type OpenedKey } from './key-opener';
import { emptyKeyRecordFields, type KeyRecord, type KeyRecords } from './key-records';
import type { KeyViews } from './key-views';
import { knownPublicKey } from './known-public-key';

export interface CabinetKeysOptions {
  records: KeyRecords;
  views: KeyViews;
  /** Where `keys add` copies file keys, still encrypted. */
  keysDir: string;
  /** Built on first use: PKCS#11 libraries load only when a token key is touched. */
  tokens: () => TokenService;
  /** The one way a key is opened (shared with the cabinet's own actions). */
  opener: KeyOpener;
  /** Remembered file-key passwords (the OS keychain in the app). */
  secrets?: SecretStore;
  now: () => Date;
}

export interface GenerateKeyInput {
  keyRef: string;
  algorithm: KeyAlgorithmName;
  /** CKA_LABEL for token keys (default: the URI's object=); the PKCS#12 friendly name for file keys. */
  label?: string;
  /** The cabinet's name for the key (default: the label or the file name). */
  name?: string;
}

export interface AddKeyOptions {
  /** The cabinet's name for the key (default: the file's name, the token object's label). */
  name?: string;
  /** The key file's own name, when the path is an upload's or a temporary copy's. */
  sourceName?: string;
}

function requiredSecret(value: string | null, kind: SecretRequest['kind']): string {
  if (value === null || value.length === 0) throw new SigndeskError(kind === 'pin' ? 'ERR_PIN_REQUIRED' : 'ERR_PASSWORD_REQUIRED', `No ${kind} given`);
  return value;
}

/** The name a cabinet copy of a key file gets by its container (encrypted PKCS#8 keeps its encoding's). */
const COPY_EXTENSION: Partial<Record<ContainerFormat, string>> = { pkcs12: '.p12', 'iit-key6': '.dat', jks: '.jks', jceks: '.jceks' };

/**
 * Every way Signdesk reaches a key: a KeyRef (`pkcs11:` URI, `file:PATH` or a cabinet key id) becomes a
 * SigningKey once its secret is given (a remembered file-key password first); new keys and added keys are
 * recorded in the cabinet, which owns the records.
 */
export class CabinetKeys {
  constructor(private readonly options: CabinetKeysOptions) {}

  private now(): Date {
    return this.options.now();
  }

  /** The cabinet in the CLI's shape (`signdesk keys`). */
  async list(): Promise<KeyCabinetRecord[]> {
    const now = this.now();
    return (await this.options.views.list()).map((key) => keyCabinetRecord(key, now));
  }

  async record(id: string): Promise<KeyCabinetRecord> {
    return keyCabinetRecord(await this.options.views.key(id), this.now());
  }

  /**
   * Opens the key for signing; the caller closes it (a token key holds the token's login until then). A key the
   * cabinet has blocked is refused with ERR_KEY_BLOCKED. Prefer `use`.
   */
  async open(keyRef: string, askSecret: SecretProvider): Promise<SigningKey> {
    return (await this.openDetailed(keyRef, askSecret)).key;
  }

  /** Opens the key, runs `work` with it and closes it, whatever happens. */
  async use<T>(keyRef: string, askSecret: SecretProvider, work: (key: SigningKey) => Promise<T>): Promise<T> {
    const key = await this.open(keyRef, askSecret);
    try {
      return await work(key);
    } finally {
      await key.close();
    }
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
   * cabinet's key folder still encrypted, with its certificate; a token key (opened once to prove the PIN) is
   * registered by its URI. The same key already in the cabinet (same token object or same public key) is refused
   * with ERR_KEY_ALREADY_ADDED. `sourceName`: the file's name as the user knows it (default: the path's).
   */
  async add(keyRef: string, options: AddKeyOptions & { acceptMissingMac?: boolean }, askSecret: SecretProvider): Promise<KeyCabinetRecord> {
    const target = parseKeyRef(keyRef);
    if (target.kind === 'file' && options.acceptMissingMac) return this.addResealed(target.path, options, askSecret);
    if (target.kind === 'cabinet') throw new SigndeskError('ERR_INPUT_INVALID', `${keyRef} is already a cabinet key id`);
    if (target.kind === 'token') this.refuseDuplicate(this.options.records.findByRef(formatPkcs11Uri(withoutPin(target.uri))));
    const opened = await this.openDetailed(keyRef, askSecret);
    await opened.key.close();
    const spki = Buffer.from(opened.key.publicKeySpki);
    this.refuseDuplicate(opened.record ?? this.options.records.all().find((record) => knownPublicKey(record)?.equals(spki)));
    const id = crypto.randomUUID();
    const algorithm = keyAlgorithmName(opened.key.algorithm);
    const certificate = opened.key.certificate ? { certificate: opened.key.certificate, chain: [...(opened.key.chain ?? [])] } : {};
    if (target.kind === 'file') {
      const bytes = await readKeyFileBytes(target.path);
      const format = detectFileKeyFormat(bytes);
      const extension = COPY_EXTENSION[format] ?? (bytes[0] === 0x30 ? '.key.der' : '.key.pem');
      await fs.mkdir(this.options.keysDir, { recursive: true, mode: 0o700 });
      const copy = path.join(this.options.keysDir, `${id}${extension}`);
      await writeFileAtomic(copy, bytes, { overwrite: false, mode: 0o600 });
      if (format !== 'pkcs12' && opened.key.certificate) await storeFileKeyCertificate(copy, opened.key.certificate, opened.key.chain ?? []);
      const sourceName = options.sourceName ?? path.basename(target.path);
      this.insert({ id, name: options.name ?? sourceName, storage: 'file', keyRef: fileKeyRef(copy), tokenLabel: null, algorithm, sourceName, publicKey: spki, ...certificate });
    } else {
      const registered = formatPkcs11Uri(withoutPin(parsePkcs11Uri(opened.key.ref)));
      this.refuseDuplicate(this.options.records.findByRef(registered));
      const tokenLabel = parsePkcs11Uri(registered).token ?? target.uri.token ?? null;
      this.insert({ id, name: options.name ?? target.uri.object ?? tokenLabel ?? 'token key', storage: 'token', keyRef: registered, tokenLabel, algorithm, publicKey: spki, ...certificate });
    }
    return this.record(id);
  }

  private refuseDuplicate(existing: KeyRecord | undefined): void {
    if (existing) throw new SigndeskError('ERR_KEY_ALREADY_ADDED', `This key is already in the cabinet as "${existing.name}"`, { keyId: existing.id, name: existing.name });
  }

  /**
   * A PKCS#12 without an integrity MAC that the user accepted: re-written as Signdesk's own PKCS#12 (with a MAC, same
   * password) in a private folder of the key folder, then added like any file key; the original is left as it is.
   */
  private async addResealed(keyPath: string, options: AddKeyOptions, askSecret: SecretProvider): Promise<KeyCabinetRecord> {
    const password = requiredSecret(await askSecret({ kind: 'password', keyRef: fileKeyRef(keyPath), purpose: 'open' }), 'password');
    await fs.mkdir(this.options.keysDir, { recursive: true, mode: 0o700 });
    const staging = await fs.mkdtemp(path.join(this.options.keysDir, '.reseal-'));
    try {
      const resealed = path.join(staging, 'key.p12');
      await exportFileKeyAsPkcs12(keyPath, password, resealed, password, { acceptMissingMac: true });
      return await this.add(fileKeyRef(resealed), { name: options.name ?? path.basename(options.sourceName ?? keyPath), sourceName: options.sourceName ?? path.basename(keyPath) }, async () => password);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }

  /** A PKCS#10 request signed by the key; a cabinet key keeps it as its latest request. */
  async createRequest(keyRef: string, subject: string, askSecret: SecretProvider): Promise<Uint8Array> {
    const opened = await this.openDetailed(keyRef, askSecret);
    let request: Uint8Array;
    try {
      request = await createCsr(opened.key, subject);
    } finally {
      await opened.key.close();
    }
    if (opened.record) {
      this.options.records.update(opened.record.id, { request, requestPurpose: 'new', requestCreated: this.now().toISOString(), requestSent: false });
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
    const known = target.kind === 'file' && record && detectFileKeyFormat(await readKeyFileBytes(target.path)) !== 'pkcs12' ? knownPublicKey(record) : undefined;
    const opened = known ? undefined : await this.openDetailed(keyRef, askSecret);
    let own: Uint8Array | undefined;
    let chain: Uint8Array[];
    try {
      const spki = known ?? Buffer.from(opened!.key.publicKeySpki);
      own = certificates.find((der) => Buffer.from(certificateSpki(der)).equals(spki));
      if (!own) throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate is not for this key: its public key differs');
      chain = certificates.filter((der) => der !== own);
      if (target.kind === 'file') {
        await storeFileKeyCertificate(target.path, own, chain, opened?.password);
      } else {
        // The opened key holds the token's login, so the certificate object can be written.
        const uri = parsePkcs11Uri(opened!.key.ref);
        if (!uri.id) throw new SigndeskError('ERR_INTERNAL', 'The token key has no CKA_ID');
        const tokens = this.options.tokens();
        await tokens.bindCertificate(await tokens.findToken(tokenQuery(uri)), uri.id, own);
      }
    } finally {
      await opened?.key.close();
    }
    const bound = record ?? this.options.records.findByRef(keyRefOf(target));
    if (bound) this.options.records.update(bound.id, { certificate: own, chain: chain.length > 0 ? chain : bound.chain, lastStatus: null, lastStatusAt: null });
    return { certificate: own, chain };
  }

  /** Remembers a cabinet file key's password in the OS keychain, so opening it asks no more. */
  async rememberPassword(keyId: string, password: string): Promise<void> {
    const record = this.options.records.get(keyId);
    if (record.storage !== 'file') throw new SigndeskError('ERR_INPUT_INVALID', 'Only file-key passwords are remembered; a token PIN never is');
    await (await this.openDetailed(keyId, { given: password })).key.close();
    await this.secretStore().set(fileKeyPasswordAccount(keyId), password);
  }

  async forgetPassword(keyId: string): Promise<boolean> {
    return this.secretStore().delete(fileKeyPasswordAccount(keyId));
  }

  /** The hash the key signs with unless told otherwise, when the cabinet knows the key (undefined otherwise). */
  defaultHashOf(keyRef: string): SigningHashName | undefined {
    try {
      const { record } = this.resolve(keyRef);
      if (!record || !isKeyAlgorithmName(record.algorithm)) return undefined;
      const algorithm = keyAlgorithmFromName(record.algorithm);
      // A DSTU key's hash depends on its certificate's S-box: settled once the key is open (contentHashFor).
      return algorithm.kind === 'DSTU4145' ? undefined : defaultHashFor(algorithm);
    } catch {
      return undefined;
    }
  }

  private secretStore(): SecretStore {
    if (!this.options.secrets) throw new SigndeskError('ERR_SECRET_STORE_UNAVAILABLE', 'No keychain is configured');
    return this.options.secrets;
  }

  private resolve(keyRef: string): ReturnType<KeyOpener['resolve']> {
    return this.options.opener.resolve(keyRef);
  }

  private openDetailed(keyRef: string, secret: Parameters<KeyOpener['open']>[1]): Promise<OpenedKey> {
    return this.options.opener.open(keyRef, secret);
  }

  private tokenPin(uri: Pkcs11Uri, keyRef: string, askSecret: SecretProvider): Promise<string | null | undefined> {
    return this.options.opener.tokenPin(uri, keyRef, askSecret);
  }

  private insert(fields: Pick<KeyRecord, 'id' | 'name' | 'storage' | 'keyRef' | 'tokenLabel' | 'algorithm'> & Partial<Pick<KeyRecord, 'certificate' | 'chain' | 'sourceName' | 'publicKey'>>): void {
    const records = this.options.records;
    if (records.findByRef(fields.keyRef)) throw new SigndeskError('ERR_INPUT_INVALID', `${fields.keyRef} is already in the cabinet`);
    records.insert({
      ...emptyKeyRecordFields(),
      ...fields,
      created: this.now().toISOString(),
    });
  }
}

function tokenQuery(uri: Pkcs11Uri) {
  return { label: uri.token, serial: uri.serial, manufacturer: uri.manufacturer, model: uri.model, modulePath: uri.modulePath, moduleName: uri.moduleName };
}

