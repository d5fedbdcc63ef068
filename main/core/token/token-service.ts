import fs from 'node:fs';
import path from 'node:path';
import type { PKCS11 } from 'pkcs11js';
import { SigndeskError, toErrorPayload, type ErrorPayload } from '../../../preload/contract/errors';
import { Pkcs11SigningKey } from '../keys/pkcs11-signing-key';
import { formatPkcs11Uri, parsePkcs11Uri, withoutPin, type Pkcs11Uri } from '../keys/pkcs11-uri';
import { keyAlgorithmFromName, type KeyAlgorithm, type KeyAlgorithmName } from '../keys/signing-key';
import { certificateDer, certificateFields } from './certificate-fields';
import { generateKeyPairOnToken } from './key-generation';
import { loginFailure } from './login-failure';
import { ModuleCatalogue, type ModuleCandidate } from './module-catalogue';
import { acquireModule, releaseModule } from './module-registry';
import {
  CKA_CERTIFICATE_TYPE,
  CKA_CLASS,
  CKA_ID,
  CKA_ISSUER,
  CKA_LABEL,
  CKA_PRIVATE,
  CKA_SERIAL_NUMBER,
  CKA_SUBJECT,
  CKA_TOKEN,
  CKA_VALUE,
  CKC_X_509,
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKO_CERTIFICATE,
  CKU_USER,
} from './pkcs11-constants';
import { ckrOf } from './pkcs11-errors';
import { PIN_PAD } from './pin-pad';
import type { Pkcs11Module } from './pkcs11-module';
import { scanTokens, type TokenInfo, type TokenRef } from './token-info';
import { TokenKeySigner } from './token-key-signer';
import { certificateSpki, describePrivateKey, findCertificates, findObjects, privateKeyTemplate, type TokenKeyObject } from './token-objects';
import { TokenSessions, type CachedSession } from './token-sessions';
import { TokenWatcher, type TokenChange } from './token-watcher';

export interface TokenServiceOptions {
  /** Libraries the user added (settings, `--module`). */
  modulePaths?: readonly string[];
  /** Also use the known libraries found on this machine (default true). */
  includeKnownModules?: boolean;
  /** Replaces the catalogue built from the two options above. */
  catalogue?: ModuleCatalogue;
  /** How often the watcher polls (default 2 s). */
  watchIntervalMs?: number;
}

/** Which token: by label and/or serial (never by slot id), optionally within one library. */
export interface TokenQuery {
  label?: string;
  serial?: string;
  manufacturer?: string;
  model?: string;
  modulePath?: string;
  /** RFC 7512 module-name: the library file name without `lib` and extension, e.g. `softhsm2`. */
  moduleName?: string;
}

export interface ModuleStatus {
  path: string;
  name: string;
  source: ModuleCandidate['source'];
  loaded: boolean;
  error?: ErrorPayload;
}

export interface GenerateTokenKeyOptions {
  token: TokenRef;
  algorithm: KeyAlgorithmName;
  /** CKA_LABEL of both halves. */
  label: string;
  /** Logs in first when given (null: PIN pad); otherwise the token must already be logged in. */
  pin?: string | null;
  /** CKA_ALWAYS_AUTHENTICATE: a PIN before every signature. */
  alwaysAuthenticate?: boolean;
}

/** A key pair on a token, as listKeys and generateKeyPair report it. */
export interface TokenKey {
  /** CKA_ID, hex: shared by the private key, the public key and the certificate. */
  id: string;
  label: string;
  algorithm: KeyAlgorithm | undefined;
  publicKeySpki: Uint8Array | undefined;
  certificate: Uint8Array | undefined;
  alwaysAuthenticate: boolean;
  /** `pkcs11:` URI (no PIN) that openSigningKey and the cabinet accept. */
  uri: string;
}

export interface SeedRandomResult {
  seeded: boolean;
  /** Why not, e.g. CKR_RANDOM_SEED_NOT_SUPPORTED. */
  reason?: string;
}

const NOT_SEEDABLE = new Set(['CKR_RANDOM_SEED_NOT_SUPPORTED', 'CKR_FUNCTION_NOT_SUPPORTED', 'CKR_RANDOM_NO_RNG']);

/**
 * PKCS#11 tokens for the rest of Signdesk. Nothing is loaded until a method needs it. Tokens are addressed by
 * TokenRef (module path + serial): pass the TokenInfo from listTokens / findToken.
 */
export class TokenService {
  private readonly catalogue: ModuleCatalogue;
  private readonly modules = new Map<string, Pkcs11Module>();
  private readonly sessions: TokenSessions;
  private readonly listeners = new Set<(change: TokenChange) => void>();
  private readonly watcher: TokenWatcher;
  private closed = false;

  constructor(options: TokenServiceOptions = {}) {
    this.catalogue = options.catalogue ?? new ModuleCatalogue({ userModulePaths: options.modulePaths, includeKnown: options.includeKnownModules });
    this.sessions = new TokenSessions((modulePath) => this.moduleFor(modulePath));
    this.watcher = new TokenWatcher(() => this.pollTokens(), (change) => this.reportChange(change), options.watchIntervalMs ?? 2000);
  }

  /** The libraries in use and whether they load. */
  async listModules(): Promise<ModuleStatus[]> {
    const statuses: ModuleStatus[] = [];
    for (const candidate of this.catalogue.candidates()) {
      try {
        await this.moduleFor(candidate.path).load();
        statuses.push({ path: candidate.path, name: candidate.name, source: candidate.source, loaded: true });
      } catch (error) {
        statuses.push({ path: candidate.path, name: candidate.name, source: candidate.source, loaded: false, error: toErrorPayload(error) });
      }
    }
    return statuses;
  }

  /**
   * Tokens present in every library. A user-added library that fails to load is an error
   * (ERR_MODULE_LOAD_FAILED naming it); a known library that fails is skipped (see listModules).
   */
  async listTokens(): Promise<TokenInfo[]> {
    const tokens: TokenInfo[] = [];
    for (const candidate of this.catalogue.candidates()) {
      try {
        tokens.push(...(await this.tokensOf(candidate.path)));
      } catch (error) {
        if (candidate.source === 'user') throw error;
      }
    }
    return tokens;
  }

  /** Tokens of one library (loaded on demand). */
  async tokensOf(modulePath: string): Promise<TokenInfo[]> {
    const module = this.moduleFor(modulePath);
    return module.call((library) => scanTokens(module, library, { rescan: true }).map((token) => token.info));
  }

  /** Exactly one initialised token matching the query: else ERR_TOKEN_NOT_FOUND or ERR_TOKEN_AMBIGUOUS. */
  async findToken(query: TokenQuery): Promise<TokenInfo> {
    const modulePaths = this.modulePathsFor(query);
    const matches: TokenInfo[] = [];
    const failures: ErrorPayload[] = [];
    for (const modulePath of modulePaths) {
      try {
        matches.push(...(await this.tokensOf(modulePath)).filter((token) => token.flags.tokenInitialized && matchesQuery(token, query)));
      } catch (error) {
        if (query.modulePath !== undefined) throw error;
        failures.push(toErrorPayload(error));
      }
    }
    const described = describeQuery(query);
    if (matches.length === 0) {
      throw new SigndeskError('ERR_TOKEN_NOT_FOUND', `No token matches ${described}`, failures.length > 0 ? { moduleFailures: failures } : undefined);
    }
    if (matches.length > 1) {
      throw new SigndeskError('ERR_TOKEN_AMBIGUOUS', `${matches.length} tokens match ${described}: give the serial or the module path`, {
        tokens: matches.map((token) => ({ label: token.label, serial: token.serial, modulePath: token.modulePath })),
      });
    }
    return matches[0]!;
  }

  /**
   * C_Login as the user. `null` logs in on the reader's PIN pad. Already logged in is success; a wrong PIN is
   * ERR_PIN_INCORRECT with the token's tries-left flags re-read; never retried here.
   */
  async login(token: TokenRef, pin: string | null): Promise<void> {
    return this.sessions.run(token, 'C_Login', (library, session) => loginOn(library, session, pin));
  }

  async logout(token: TokenRef): Promise<void> {
    return this.sessions.run(token, 'C_Logout', (library, session) => {
      try {
        library.C_Logout(session.handle);
      } catch (error) {
        if (ckrOf(error) !== 'CKR_USER_NOT_LOGGED_IN') throw error;
      }
    });
  }

  /** C_SetPIN on the user PIN. `null` for both on a PIN-pad reader. */
  async changePin(token: TokenRef, oldPin: string | null, newPin: string | null): Promise<void> {
    return this.sessions.run(token, 'C_SetPIN', (library, session) => {
      try {
        library.C_SetPIN(session.handle, oldPin ?? PIN_PAD, newPin ?? PIN_PAD);
      } catch (error) {
        const ckr = ckrOf(error);
        if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_LOCKED') throw loginFailure(ckr, library.C_GetTokenInfo(session.slot).flags, error);
        throw error;
      }
    });
  }

  /** A new key pair generated on the token (never extractable); the public key comes back as SPKI DER. */
  async generateKeyPair(options: GenerateTokenKeyOptions): Promise<TokenKey> {
    const algorithm = keyAlgorithmFromName(options.algorithm);
    if (!algorithm) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown key algorithm ${String(options.algorithm)}`);
    if (options.label.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'A token key needs a label');
    return this.sessions.run(options.token, 'C_GenerateKeyPair', async (library, session) => {
      if (options.pin !== undefined) loginOn(library, session, options.pin);
      const generated = await generateKeyPairOnToken(library, session.handle, { algorithm, label: options.label, alwaysAuthenticate: options.alwaysAuthenticate });
      return {
        id: generated.id,
        label: options.label,
        algorithm,
        publicKeySpki: generated.publicKeySpki,
        certificate: undefined,
        alwaysAuthenticate: options.alwaysAuthenticate ?? false,
        uri: keyUri(session, generated.id, options.label),
      };
    });
  }

  /** C_SeedRandom with entropy the UI collected. A token that cannot be seeded is reported, not an error. */
  async seedRandom(token: TokenRef, bytes: Uint8Array): Promise<SeedRandomResult> {
    return this.sessions.run(token, 'C_SeedRandom', (library, session) => {
      try {
        library.C_SeedRandom(session.handle, Buffer.from(bytes));
        return { seeded: true };
      } catch (error) {
        const ckr = ckrOf(error);
        if (ckr !== undefined && NOT_SEEDABLE.has(ckr)) return { seeded: false, reason: ckr };
        throw error;
      }
    });
  }

  /** Private keys visible now (log in first to see private ones), each with its public key and certificate. */
  async listKeys(token: TokenRef): Promise<TokenKey[]> {
    return this.sessions.run(token, 'list keys', (library, session) =>
      findObjects(library, session.handle, privateKeyTemplate({})).map((handle) => toTokenKey(describePrivateKey(library, session.handle, handle), session)),
    );
  }

  /**
   * Stores an X.509 certificate (DER or PEM) as CKO_CERTIFICATE with the key's CKA_ID. The certificate must carry
   * that key's public key (ERR_CERT_KEY_MISMATCH). Importing the same certificate again changes nothing.
   */
  async importCertificate(token: TokenRef, keyId: string | Uint8Array, certificate: Uint8Array, label?: string): Promise<{ id: string; label: string }> {
    const id = typeof keyId === 'string' ? Buffer.from(keyId, 'hex') : Buffer.from(keyId);
    const der = certificateDer(certificate);
    const fields = certificateFields(der);
    return this.sessions.run(token, 'import certificate', (library, session) => {
      const [keyHandle] = findObjects(library, session.handle, privateKeyTemplate({ id }));
      if (!keyHandle) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No private key with id ${id.toString('hex')} on the token (log in first)`);
      const key = describePrivateKey(library, session.handle, keyHandle);
      if (key.publicKeySpki && !Buffer.from(key.publicKeySpki).equals(Buffer.from(certificateSpki(der)))) {
        throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate is for a different key');
      }
      const objectLabel = label ?? key.label;
      if (findCertificates(library, session.handle, id).some(({ value }) => value.equals(Buffer.from(der)))) return { id: id.toString('hex'), label: objectLabel };
      library.C_CreateObject(session.handle, [
        { type: CKA_CLASS, value: CKO_CERTIFICATE },
        { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
        { type: CKA_TOKEN, value: true },
        { type: CKA_PRIVATE, value: false },
        { type: CKA_LABEL, value: objectLabel },
        { type: CKA_ID, value: id },
        { type: CKA_SUBJECT, value: Buffer.from(fields.subject) },
        { type: CKA_ISSUER, value: Buffer.from(fields.issuer) },
        { type: CKA_SERIAL_NUMBER, value: Buffer.from(fields.serialNumber) },
        { type: CKA_VALUE, value: Buffer.from(der) },
      ]);
      return { id: id.toString('hex'), label: objectLabel };
    });
  }

  /**
   * The key a `pkcs11:` URI names, logged in and ready to sign. The PIN: `pin` if given (null: PIN pad), else the
   * URI's pin-value or pin-source (`file:`), else none (the token must already be logged in).
   */
  async openSigningKey(uri: string | Pkcs11Uri, pin?: string | null): Promise<Pkcs11SigningKey> {
    const parsed = typeof uri === 'string' ? parsePkcs11Uri(uri) : uri;
    if (parsed.type !== undefined && parsed.type !== 'private') throw new SigndeskError('ERR_INPUT_INVALID', `The URI names a ${parsed.type} object, not a private key`);
    if (parsed.id === undefined && parsed.object === undefined) throw new SigndeskError('ERR_INPUT_INVALID', 'The URI names no key: add object= or id=');
    const token = await this.findToken({
      label: parsed.token,
      serial: parsed.serial,
      manufacturer: parsed.manufacturer,
      model: parsed.model,
      modulePath: parsed.modulePath,
      moduleName: parsed.moduleName,
    });
    const effectivePin = pin !== undefined ? pin : pinFromUri(parsed);
    const key = await this.sessions.run(token, 'open key', (library, session) => {
      if (effectivePin !== undefined) loginOn(library, session, effectivePin);
      const handles = findObjects(library, session.handle, privateKeyTemplate({ id: parsed.id, label: parsed.object }));
      if (handles.length === 0) {
        throw new SigndeskError(effectivePin === undefined ? 'ERR_PIN_REQUIRED' : 'ERR_KEY_NOT_FOUND', `No private key matches ${formatPkcs11Uri(withoutPin(parsed))}`);
      }
      if (handles.length > 1) throw new SigndeskError('ERR_INPUT_INVALID', `${handles.length} keys match the URI: add id=`);
      return toTokenKey(describePrivateKey(library, session.handle, handles[0]!), session);
    });
    if (!key.algorithm || !key.publicKeySpki) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `The public key of ${key.uri} cannot be read`);
    const signer = new TokenKeySigner(this.sessions, {
      token,
      keyId: key.id,
      alwaysAuthenticate: key.alwaysAuthenticate,
      ...(key.alwaysAuthenticate && effectivePin !== undefined ? { pin: effectivePin } : {}),
    });
    return new Pkcs11SigningKey(key.uri, key.algorithm, key.publicKeySpki, signer, key.certificate);
  }

  /** Token inserted / removed, from a polling watcher that runs while anyone listens. */
  onChange(listener: (change: TokenChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.closed) this.watcher.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.watcher.stop();
    };
  }

  /** One watcher poll now; resolves with what changed (tests and a "refresh" button use it). */
  checkForChanges(): Promise<TokenChange[]> {
    return this.watcher.check();
  }

  /** Closes sessions and finalises every library this service loaded (once no one else uses it). */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher.stop();
    this.listeners.clear();
    await this.sessions.dropAll();
    for (const module of this.modules.values()) await releaseModule(module);
    this.modules.clear();
  }

  private moduleFor(modulePath: string): Pkcs11Module {
    if (this.closed) throw new SigndeskError('ERR_INTERNAL', 'The token service is closed');
    const resolved = path.resolve(modulePath);
    let module = this.modules.get(resolved);
    if (!module) {
      const entry = this.catalogue.entryFor(resolved);
      module = acquireModule({ path: resolved, name: entry?.name ?? path.basename(resolved), rescanByReinitialize: entry?.rescanByReinitialize ?? false });
      this.modules.set(resolved, module);
    }
    return module;
  }

  private modulePathsFor(query: TokenQuery): string[] {
    if (query.modulePath !== undefined) return [query.modulePath];
    const paths = this.catalogue.candidates().map((candidate) => candidate.path);
    if (query.moduleName === undefined) return paths;
    const wanted = query.moduleName.toLowerCase();
    return paths.filter((modulePath) => moduleNameOf(modulePath) === wanted);
  }

  private async pollTokens(): Promise<TokenInfo[]> {
    const tokens: TokenInfo[] = [];
    for (const candidate of this.catalogue.candidates()) {
      try {
        tokens.push(...(await this.tokensOf(candidate.path)));
      } catch (error) {
        // A library that cannot load has no tokens to report; listModules says why.
        if (!(error instanceof SigndeskError && error.code === 'ERR_MODULE_LOAD_FAILED')) throw error;
      }
    }
    return tokens;
  }

  private async reportChange(change: TokenChange): Promise<void> {
    if (change.type === 'removed') await this.sessions.drop(change.token);
    for (const listener of this.listeners) listener(change);
  }
}

function loginOn(library: PKCS11, session: CachedSession, pin: string | null): void {
  const flags = library.C_GetTokenInfo(session.slot).flags;
  if (pin === null && (flags & CKF_PROTECTED_AUTHENTICATION_PATH) === 0) throw new SigndeskError('ERR_PIN_REQUIRED', 'This token has no PIN pad: a PIN is needed');
  try {
    library.C_Login(session.handle, CKU_USER, pin ?? PIN_PAD);
  } catch (error) {
    const ckr = ckrOf(error);
    if (ckr === 'CKR_USER_ALREADY_LOGGED_IN') return;
    if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_LOCKED') throw loginFailure(ckr, library.C_GetTokenInfo(session.slot).flags, error);
    throw error;
  }
}

function pinFromUri(uri: Pkcs11Uri): string | undefined {
  if (uri.pinValue !== undefined) return uri.pinValue;
  if (uri.pinSource === undefined) return undefined;
  if (!uri.pinSource.startsWith('file:')) throw new SigndeskError('ERR_INPUT_INVALID', 'pin-source must be a file: reference');
  const file = uri.pinSource.startsWith('file://') ? new URL(uri.pinSource).pathname : uri.pinSource.slice('file:'.length);
  try {
    return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new SigndeskError('ERR_FILE_UNREADABLE', `Cannot read the PIN file ${file}`, undefined, { cause: error });
  }
}

function toTokenKey(key: TokenKeyObject, session: CachedSession): TokenKey {
  return {
    id: key.id,
    label: key.label,
    algorithm: key.algorithm,
    publicKeySpki: key.publicKeySpki,
    certificate: key.certificate,
    alwaysAuthenticate: key.alwaysAuthenticate,
    uri: keyUri(session, key.id, key.label),
  };
}

function keyUri(session: CachedSession, id: string, label: string): string {
  return formatPkcs11Uri({
    token: session.ref.label,
    serial: session.ref.serial,
    ...(label ? { object: label } : {}),
    id: Buffer.from(id, 'hex'),
    type: 'private',
    modulePath: session.module.path,
  });
}

function matchesQuery(token: TokenInfo, query: TokenQuery): boolean {
  return (
    (query.label === undefined || token.label === query.label) &&
    (query.serial === undefined || token.serial === query.serial) &&
    (query.manufacturer === undefined || token.manufacturer === query.manufacturer) &&
    (query.model === undefined || token.model === query.model)
  );
}

function describeQuery(query: TokenQuery): string {
  const parts = [
    query.label !== undefined ? `label "${query.label}"` : undefined,
    query.serial !== undefined ? `serial ${query.serial}` : undefined,
    query.modulePath !== undefined ? `in ${query.modulePath}` : query.moduleName !== undefined ? `in module ${query.moduleName}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'any token';
}

/** RFC 7512 module-name: `libsofthsm2.so` → `softhsm2`, `opensc-pkcs11.dll` → `opensc-pkcs11`. */
export function moduleNameOf(modulePath: string): string {
  const base = (modulePath.split(/[\\/]/).pop() ?? modulePath).toLowerCase();
  return base.replace(/^lib/, '').replace(/\.(so(\.[0-9.]+)?|dylib|dll)$/, '');
}

