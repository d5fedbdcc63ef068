import path from 'node:path';
import crypto from 'node:crypto';
import type {
  AccessTokenInfo,
  AddKeyInput,
  BlockResult,
  CabinetKey,
  CertificateView,
  EnrollmentReview,
  EnrollmentTarget,
  RequestView,
  StatusCheck,
  TemporaryPeriod,
  TokenDetection,
  TokenKeyChoice,
  ValidityPreview,
} from '../../../preload/contract/domains/cabinet';
import { SigndeskError } from '../../../preload/contract/errors';
import { assertSecretRule } from '../../../preload/contract/secret-rule';
import type { Db } from '../storage/database';
import { defaultHashFor, signatureAlgorithmFor, type SigningKey } from '../crypto';
import { changeFileKeyPassword, fileKeyRef } from '../keys';
import type { SecretStore } from '../secrets';
import type { TokenService } from '../token';
import { AccessTokens } from './access-tokens';
import { CabinetContext, filePathOf, type RevocationCheck } from './cabinet-context';
import { migrateCabinet } from './cabinet-schema';
import { CabinetKeys } from './cabinet-keys';
import { CertificateActions } from './certificate-actions';
import { KeyBlocking } from './key-blocking';
import { KeyOpener } from './key-opener';
import { KeyRecords } from './key-records';
import { KeyRenewal } from './key-renewal';
import { KeyViews } from './key-views';
import { NewKeyEnrollment } from './new-key-enrollment';
import { requestNewKey, type NewKeyRequest } from './new-key-requests';
import { TemporaryKeys, type TemporaryKeyRequest } from './temporary-keys';
import { tokenKeyChoices } from './token-key-choices';
import type { CabinetTokenPort } from './token-port';
import type { CabinetCaPort } from './ca-port';

export type { RevocationCheck } from './cabinet-context';
export type { NewKeyRequest } from './new-key-requests';
export type { TemporaryKeyRequest } from './temporary-keys';

export interface CabinetServiceOptions {
  db: Db;
  /** File keys are kept encrypted in `<keysDir>`. */
  keysDir: string;
  /** New keys' signed acceptance statements; default `statements/` beside `keysDir`. */
  statementsDir?: string;
  tokens?: CabinetTokenPort;
  checkRevocation?: RevocationCheck;
  /** The CA connector: when configured, temporary keys' requests are sent through it. */
  ca?: CabinetCaPort;
  /** The token service itself, for opening, generating and adding token keys by KeyRef (built on first use). */
  tokenService?: () => TokenService;
  /** Remembered file-key passwords (the OS keychain in the app). */
  secrets?: SecretStore;
  now?: () => Date;
}

/**
 * The key cabinet: the keys the user holds, their certificates and requests, and what can be done with
 * them (block, renew, change the secret, access tokens, temporary keys, new key requests).
 */
export class CabinetService {
  readonly records: KeyRecords;
  readonly accessTokens: AccessTokens;
  /** KeyRef → SigningKey, keygen, `keys add`, CSRs and certificate import: every way to a key, recorded here. */
  readonly keys: CabinetKeys;
  private readonly context: CabinetContext;
  private readonly views: KeyViews;
  private readonly certificates: CertificateActions;
  private readonly blocking: KeyBlocking;
  private readonly renewal: KeyRenewal;
  private readonly temporaryKeys: TemporaryKeys;
  private readonly tokenService: () => TokenService;
  private readonly enrollment: NewKeyEnrollment;

  constructor(options: CabinetServiceOptions) {
    migrateCabinet(options.db);
    this.records = new KeyRecords(options.db);
    const now = options.now ?? (() => new Date());
    this.accessTokens = new AccessTokens(options.db, now);
    const opener = new KeyOpener({ records: this.records, tokens: options.tokenService ?? noTokenService, ...(options.secrets ? { secrets: options.secrets } : {}) });
    const statementsDir = options.statementsDir ?? path.join(path.dirname(options.keysDir), 'statements');
    this.context = new CabinetContext(this.records, options.keysDir, options.tokens, options.checkRevocation, options.ca, now, opener, statementsDir);
    this.views = new KeyViews(this.context);
    this.certificates = new CertificateActions(this.context, this.views);
    this.blocking = new KeyBlocking(this.context, this.views);
    this.renewal = new KeyRenewal(this.context, this.views);
    this.temporaryKeys = new TemporaryKeys(this.context, this.views);
    this.tokenService = options.tokenService ?? noTokenService;
    this.enrollment = new NewKeyEnrollment(this.context, this.views);
    this.keys = new CabinetKeys({
      records: this.records,
      views: this.views,
      keysDir: options.keysDir,
      tokens: this.tokenService,
      opener,
      ...(options.secrets ? { secrets: options.secrets } : {}),
      now,
    });
  }

  // ---- listing and viewing ----

  list(): Promise<CabinetKey[]> {
    return this.views.list();
  }

  key(keyId: string): Promise<CabinetKey> {
    return this.views.key(keyId);
  }

  certificate(keyId: string): CertificateView {
    return this.views.certificate(keyId);
  }

  request(keyId: string): RequestView {
    return this.views.request(keyId);
  }

  // ---- certificates ----

  exportCertificates(keyId: string, folder: string, formats: ReadonlyArray<'pem' | 'der' | 'p7b'>): Promise<{ files: string[] }> {
    return this.certificates.exportCertificates(keyId, folder, formats);
  }

  checkStatus(keyId: string): Promise<StatusCheck> {
    return this.certificates.checkStatus(keyId);
  }

  /** Binds an issued certificate (PEM, DER or P7B; the rest of a bundle becomes the chain) to the key. */
  bindCertificate(input: { keyId: string; path?: string; pem?: string; secret?: string }): Promise<CabinetKey> {
    return this.certificates.bindCertificate(input);
  }

  // ---- access and secrets ----

  setBlocked(keyId: string, blocked: boolean): Promise<CabinetKey> {
    return this.blocking.setBlocked(keyId, blocked);
  }

  /** Blocks the key here and, when the CA can hold its certificate, asks it to (see KeyBlocking.block). */
  block(keyId: string, secret?: string): Promise<BlockResult> {
    return this.blocking.block(keyId, secret);
  }

  /** Chooses the CA profile for the key's requests, renewals, holds and status checks (null: the default). */
  setCaProfile(keyId: string, profileId: string | null): Promise<CabinetKey> {
    return this.blocking.setCaProfile(keyId, profileId);
  }

  /** Refuses with ERR_KEY_BLOCKED when the cabinet has this key blocked. Keys not in the cabinet pass. */
  assertMaySign(keyRefOrId: string): void {
    this.context.assertMaySign(keyRefOrId);
  }

  /** The key as a SigningKey, after the block check; the only way the cabinet hands a key out for signing. */
  openSigningKey(keyId: string, secret: string): Promise<SigningKey> {
    return this.context.openSigningKey(keyId, secret);
  }

  async testSign(keyId: string, secret: string): Promise<{ signed: true }> {
    const key = await this.openSigningKey(keyId, secret);
    try {
      await key.sign(new Uint8Array(crypto.randomBytes(32)), signatureAlgorithmFor(key.algorithm, defaultHashFor(key.algorithm)));
    } finally {
      await key.close();
    }
    return { signed: true };
  }

  async changeSecret(keyId: string, oldSecret: string, newSecret: string): Promise<{ changed: true }> {
    const record = this.records.get(keyId);
    assertSecretRule(record.storage === 'file' ? 'password' : 'pin', newSecret);
    if (record.storage === 'file') await changeFileKeyPassword(filePathOf(record), oldSecret, newSecret);
    else await this.context.tokenPort().changePin(record.tokenLabel ?? '', oldSecret, newSecret);
    return { changed: true };
  }

  createAccessToken(keyId: string, label: string): { token: string; info: AccessTokenInfo } {
    this.records.get(keyId);
    return this.accessTokens.create(keyId, label);
  }

  listAccessTokens(keyId: string): AccessTokenInfo[] {
    return this.accessTokens.list(keyId);
  }

  revokeAccessToken(tokenId: string): AccessTokenInfo {
    return this.accessTokens.revoke(tokenId);
  }

  // ---- requests and new keys ----

  /** Extends validity: through the CA connector (CMP kur) when configured, else a renewal request to export. */
  renew(keyId: string, secret: string): Promise<RequestView> {
    return this.renewal.renew(keyId, secret);
  }

  async detectTokens(): Promise<TokenDetection> {
    if (!this.context.tokens) return { libraryMissing: true, tokens: [] };
    return this.context.tokens.detect();
  }

  /** The private keys on a detected token, for "Add key"; the PIN is proved and the token logged out again. */
  tokenKeys(tokenLabel: string, pin: string): Promise<TokenKeyChoice[]> {
    return tokenKeyChoices(this.tokenService(), this.records, tokenLabel, pin);
  }

  /**
   * "Add key": a key file (copied in still encrypted) or a token key, after its password or PIN opened it; the
   * secret is given once, here, and kept nowhere.
   */
  async addKey(input: AddKeyInput): Promise<CabinetKey> {
    const secret = input.source === 'file' ? input.password : input.pin;
    const keyRef = input.source === 'file' ? fileKeyRef(input.path) : input.uri;
    const name = input.name?.trim();
    // A browser's File.name carries no folder; anything that looks like one is cut away.
    const sourceName = input.source === 'file' ? input.fileName?.split(/[\\/]/).pop()?.trim() : undefined;
    const acceptMissingMac = input.source === 'file' && input.acceptMissingMac === true;
    const options = { ...(name ? { name } : {}), ...(sourceName ? { sourceName } : {}), ...(acceptMissingMac ? { acceptMissingMac } : {}) };
    const added = await this.keys.add(keyRef, options, () => Promise.resolve(secret));
    return this.views.key(added.id);
  }

  previewValidity(parentId: string, period: TemporaryPeriod): ValidityPreview {
    return this.temporaryKeys.preview(parentId, period);
  }

  /** A temporary key vouched for by a main key; its certificate may never outlast the main one. */
  async makeTemporaryKey(input: TemporaryKeyRequest): Promise<CabinetKey> {
    if (input.storage === 'file' && input.newSecret !== undefined) assertSecretRule('password', input.newSecret);
    return this.temporaryKeys.make(input);
  }

  /** Sends a temporary key's request through the CA connector; `sent: false` when no CA is configured. */
  sendRequest(input: { keyId: string; parentSecret: string; secret: string }): Promise<{ sent: boolean; key: CabinetKey }> {
    return this.temporaryKeys.sendRequest(input);
  }

  /** The new key wizard's key and request: generated, request made for the applicant, awaiting its certificate. */
  async newKeyRequest(input: NewKeyRequest): Promise<CabinetKey> {
    if (input.storage === 'file' && input.password !== undefined) assertSecretRule('password', input.password);
    return requestNewKey(this.context, this.views, input);
  }

  /** Where a new key's request would be sent (the QR's CA address, the chosen or default CMP profile, or nowhere). */
  enrollmentTarget(input: { caAddress?: string | undefined; caProfileId?: string | null | undefined }): EnrollmentTarget {
    return this.enrollment.target(input);
  }

  /** CMP ir for a new key; returns the issued certificate for the user to check before it is accepted. */
  enroll(input: { keyId: string; secret: string; oneTimeSecret: string }): Promise<EnrollmentReview> {
    return this.enrollment.start(input);
  }

  /** "Sign the statement" (accept) or decline the issued certificate. */
  confirmEnrollment(keyId: string, accept: boolean): Promise<CabinetKey> {
    return this.enrollment.finish(keyId, accept);
  }

  /** The token's own "Change PIN": never a side effect of making a key. */
  async changeTokenPin(tokenLabel: string, oldPin: string, newPin: string): Promise<{ changed: true }> {
    await this.context.tokenPort().changePin(tokenLabel, oldPin, newPin);
    return { changed: true };
  }
}

function noTokenService(): never {
  throw new SigndeskError('ERR_MODULE_LOAD_FAILED', 'No token library is available');
}
