import crypto from 'node:crypto';
import type {
  AccessTokenInfo,
  BlockResult,
  CabinetKey,
  CertificateView,
  RequestView,
  StatusCheck,
  TemporaryPeriod,
  TokenDetection,
  ValidityPreview,
} from '../../../preload/contract/domains/cabinet';
import type { Db } from '../storage/database';
import { changeFileKeyPassword } from '../keys/file-key';
import type { SigningKey } from '../keys/signing-key';
import { AccessTokens } from './access-tokens';
import { CabinetContext, filePathOf, type RevocationCheck } from './cabinet-context';
import { migrateCabinet } from './cabinet-schema';
import { CertificateActions } from './certificate-actions';
import { closeKey } from './key-creation';
import { KeyBlocking } from './key-blocking';
import { KeyRecords } from './key-records';
import { KeyRenewal } from './key-renewal';
import { KeyViews } from './key-views';
import { requestNewKey, type NewKeyRequest } from './new-key-requests';
import { TemporaryKeys, type TemporaryKeyRequest } from './temporary-keys';
import type { CabinetTokenPort } from './token-port';
import type { CabinetCaPort } from './ca-port';

export type { RevocationCheck } from './cabinet-context';
export type { NewKeyRequest } from './new-key-requests';
export type { TemporaryKeyRequest } from './temporary-keys';

export interface CabinetServiceOptions {
  db: Db;
  /** File keys are kept encrypted in `<keysDir>`. */
  keysDir: string;
  tokens?: CabinetTokenPort;
  checkRevocation?: RevocationCheck;
  /** The CA connector: when configured, temporary keys' requests are sent through it. */
  ca?: CabinetCaPort;
  now?: () => Date;
}

/**
 * The key cabinet: the keys the user holds, their certificates and requests, and what can be done with
 * them (block, renew, change the secret, access tokens, temporary keys, new key requests).
 */
export class CabinetService {
  readonly records: KeyRecords;
  readonly accessTokens: AccessTokens;
  private readonly context: CabinetContext;
  private readonly views: KeyViews;
  private readonly certificates: CertificateActions;
  private readonly blocking: KeyBlocking;
  private readonly renewal: KeyRenewal;
  private readonly temporaryKeys: TemporaryKeys;

  constructor(options: CabinetServiceOptions) {
    migrateCabinet(options.db);
    this.records = new KeyRecords(options.db);
    const now = options.now ?? (() => new Date());
    this.accessTokens = new AccessTokens(options.db, now);
    this.context = new CabinetContext(this.records, options.keysDir, options.tokens, options.checkRevocation, options.ca, now);
    this.views = new KeyViews(this.context);
    this.certificates = new CertificateActions(this.context, this.views);
    this.blocking = new KeyBlocking(this.context, this.views);
    this.renewal = new KeyRenewal(this.context, this.views);
    this.temporaryKeys = new TemporaryKeys(this.context, this.views);
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
      await key.sign(new Uint8Array(crypto.randomBytes(32)), { hash: 'SHA-256' });
    } finally {
      await closeKey(key);
    }
    return { signed: true };
  }

  async changeSecret(keyId: string, oldSecret: string, newSecret: string): Promise<{ changed: true }> {
    const record = this.records.get(keyId);
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

  previewValidity(parentId: string, period: TemporaryPeriod): ValidityPreview {
    return this.temporaryKeys.preview(parentId, period);
  }

  /** A temporary key vouched for by a main key; its certificate may never outlast the main one. */
  makeTemporaryKey(input: TemporaryKeyRequest): Promise<CabinetKey> {
    return this.temporaryKeys.make(input);
  }

  /** Sends a temporary key's request through the CA connector; `sent: false` when no CA is configured. */
  sendRequest(input: { keyId: string; parentSecret: string; secret: string }): Promise<{ sent: boolean; key: CabinetKey }> {
    return this.temporaryKeys.sendRequest(input);
  }

  /** The new key wizard's "Sign the statement": key generated, request made, key awaiting its certificate. */
  newKeyRequest(input: NewKeyRequest): Promise<CabinetKey> {
    return requestNewKey(this.context, this.views, input);
  }
}
