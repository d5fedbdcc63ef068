import path from 'node:path';
import { SigndeskError, toErrorPayload, type ErrorPayload } from '../../../preload/contract/errors';
import { keyAlgorithmFromName } from '../crypto';
import { formatPkcs11Uri, parsePkcs11Uri, withoutPin, type Pkcs11Uri } from './pkcs11-uri';
import { certificateDer } from './certificate-fields';
import { importCertificateOnToken } from './certificate-import';
import { generateKeyPairOnToken } from './key-generation';
import { loginFailure } from './login-failure';
import { ModuleCatalogue } from './module-catalogue';
import { acquireModule, releaseModule } from './module-registry';
import { pinFromUri } from './pin-from-uri';
import { PIN_PAD } from './pin-pad';
import { ckrOf } from './pkcs11-errors';
import { CKU_SO } from './pkcs11-constants';
import type { Pkcs11Module } from './pkcs11-module';
import { scanTokens, type TokenInfo, type TokenRef } from './token-info';
import { TokenKeySigner } from './token-key-signer';
import { describePrivateKey, findObjects, privateKeyTemplate, type TokenKeyObject } from './token-objects';
import { describeQuery, matchesQuery, moduleNameOf, type TokenQuery } from './token-query';
import { TokenSessions, type CachedSession } from './token-sessions';
import type { GenerateTokenKeyOptions, ModuleStatus, OpenedTokenKey, SeedRandomResult, TokenKey } from './token-types';
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
   * Proves a PIN on the token now (C_Logout, C_Login, C_Logout — or, while an operation holds the token, against
   * the PIN that operation proved). `null`: the reader's PIN pad. A wrong PIN is ERR_PIN_INCORRECT with the
   * token's tries-left flags re-read; never retried.
   */
  async verifyPin(token: TokenRef, pin: string | null): Promise<void> {
    return this.sessions.run(token, 'C_Login', (library, session) => {
      this.sessions.leases.acquire(library, session, pin);
      this.sessions.leases.release(library, session);
    });
  }

  /**
   * Runs `operation` with the token logged in by `pin` (proved first, whatever this process did before), and logs
   * out when the last overlapping operation ends. `undefined`: no PIN (fine for tokens that need no login).
   */
  async withLogin<T>(token: TokenRef, pin: string | null | undefined, operation: () => Promise<T>): Promise<T> {
    await this.sessions.run(token, 'C_Login', (library, session) => this.sessions.leases.acquire(library, session, pin));
    try {
      return await operation();
    } finally {
      await this.releaseLogin(token);
    }
  }

  /** Logs the token out now, whoever holds it (the user asked to). */
  async logout(token: TokenRef): Promise<void> {
    return this.sessions.run(token, 'C_Logout', (library, session) => {
      while (this.sessions.leases.holders(session) > 0) this.sessions.leases.release(library, session);
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

  /**
   * The token's first user PIN (C_InitPIN), set by the administrator: logs in as SO with `soPin`, sets `newPin`,
   * logs out. A wrong SO PIN is ERR_PIN_INCORRECT, never retried.
   */
  async initUserPin(token: TokenRef, soPin: string, newPin: string): Promise<void> {
    return this.sessions.run(token, 'C_InitPIN', (library, session) => {
      try {
        library.C_Login(session.handle, CKU_SO, soPin);
      } catch (error) {
        const ckr = ckrOf(error);
        if (ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_LOCKED') throw loginFailure(ckr, library.C_GetTokenInfo(session.slot).flags, error);
        throw error;
      }
      try {
        library.C_InitPIN(session.handle, newPin);
      } finally {
        library.C_Logout(session.handle);
      }
    });
  }

  /** A new key pair generated on the token (never extractable); the public key comes back as SPKI DER. */
  async generateKeyPair(options: GenerateTokenKeyOptions): Promise<TokenKey> {
    const algorithm = keyAlgorithmFromName(options.algorithm);
    if (!algorithm) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `Unknown key algorithm ${String(options.algorithm)}`);
    if (options.label.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', 'A token key needs a label');
    return this.sessions.run(options.token, 'C_GenerateKeyPair', async (library, session) => {
      this.sessions.leases.acquire(library, session, options.pin);
      let generated: Awaited<ReturnType<typeof generateKeyPairOnToken>>;
      try {
        generated = await generateKeyPairOnToken(library, session.handle, { algorithm, label: options.label, alwaysAuthenticate: options.alwaysAuthenticate });
      } finally {
        this.sessions.leases.release(library, session);
      }
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

  /**
   * The private keys on the token, each with its public key and certificate. Private keys are visible only while
   * logged in: give the PIN (proved, then the token is logged out again); without one, only public ones are listed.
   */
  async listKeys(token: TokenRef, pin?: string | null): Promise<TokenKey[]> {
    return this.sessions.run(token, 'list keys', (library, session) => {
      if (pin !== undefined) this.sessions.leases.acquire(library, session, pin);
      try {
        return findObjects(library, session.handle, privateKeyTemplate({})).map((handle) => toTokenKey(describePrivateKey(library, session.handle, handle), session));
      } finally {
        if (pin !== undefined) this.sessions.leases.release(library, session);
      }
    });
  }

  /**
   * Stores an X.509 certificate (DER or PEM) as CKO_CERTIFICATE with the key's CKA_ID. The certificate must carry
   * that key's public key (ERR_CERT_KEY_MISMATCH). Importing the same certificate again changes nothing.
   */
  async bindCertificate(token: TokenRef, keyId: string | Uint8Array, certificate: Uint8Array, options: { label?: string; pin?: string | null } = {}): Promise<{ id: string; label: string }> {
    const id = typeof keyId === 'string' ? Buffer.from(keyId, 'hex') : Buffer.from(keyId);
    const der = certificateDer(certificate);
    return this.sessions.run(token, 'import certificate', (library, session) => {
      if (options.pin !== undefined) this.sessions.leases.acquire(library, session, options.pin);
      try {
        return importCertificateOnToken(library, session.handle, id, der, options.label);
      } finally {
        if (options.pin !== undefined) this.sessions.leases.release(library, session);
      }
    });
  }

  /**
   * The key a `pkcs11:` URI names, logged in and ready to sign until `close()`. The PIN: `pin` if given (null: PIN
   * pad), else the URI's pin-value or pin-source (`file:`); it is proved on the token now, whatever was logged in
   * before, and a token that needs a login refuses to open without one (ERR_PIN_REQUIRED).
   */
  async openKey(uri: string | Pkcs11Uri, pin?: string | null): Promise<OpenedTokenKey> {
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
      this.sessions.leases.acquire(library, session, effectivePin);
      try {
        const handles = findObjects(library, session.handle, privateKeyTemplate({ id: parsed.id, label: parsed.object }));
        if (handles.length === 0) throw new SigndeskError('ERR_KEY_NOT_FOUND', `No private key matches ${formatPkcs11Uri(withoutPin(parsed))}`);
        if (handles.length > 1) throw new SigndeskError('ERR_INPUT_INVALID', `${handles.length} keys match the URI: add id=`);
        const found = toTokenKey(describePrivateKey(library, session.handle, handles[0]!), session);
        if (!found.algorithm || !found.publicKeySpki) throw new SigndeskError('ERR_KEY_ALGORITHM_UNSUPPORTED', `The public key of ${found.uri} cannot be read`);
        return found;
      } catch (error) {
        this.sessions.leases.release(library, session);
        throw error;
      }
    });
    const signer = new TokenKeySigner(this.sessions, {
      token,
      keyId: key.id,
      alwaysAuthenticate: key.alwaysAuthenticate,
      ...(key.alwaysAuthenticate && effectivePin !== undefined ? { pin: effectivePin } : {}),
    });
    let closed = false;
    return {
      uri: key.uri,
      algorithm: key.algorithm!,
      publicKeySpki: key.publicKeySpki!,
      ...(key.certificate ? { certificate: key.certificate } : {}),
      signRaw: (mechanism, data, maxSignatureLength) => {
        if (closed) return Promise.reject(new SigndeskError('ERR_PIN_REQUIRED', 'This key was closed: open it again with its PIN'));
        return signer.signRaw(mechanism, data, maxSignatureLength);
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await this.releaseLogin(token);
      },
    };
  }

  /** Ends one operation's hold on the token's login; a token that went away has nothing left to log out. */
  private async releaseLogin(token: TokenRef): Promise<void> {
    if (this.closed || !this.sessions.has(token)) return;
    await this.sessions.run(token, 'C_Logout', (library, session) => this.sessions.leases.release(library, session)).catch((error: unknown) => {
      if (!(error instanceof SigndeskError && error.code === 'ERR_TOKEN_NOT_PRESENT')) throw error;
    });
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
