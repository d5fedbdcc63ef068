import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  AccessTokenInfo,
  BlockResult,
  CabinetKey,
  CertificateView,
  KeyStatus,
  RequestView,
  StatusCheck,
  TemporaryPeriod,
  TokenDetection,
  ValidityPreview,
} from '../../../preload/contract/domains/cabinet';
import type { newKeyRequestSchema, temporaryKeySchema } from '../../../preload/contract/domains/cabinet';
import { SigndeskError, isSigndeskError } from '../../../preload/contract/errors';
import type { z } from 'zod';
import type { Db } from '../storage/database';
import { writeFileAtomic } from '../fs/atomic-write';
import { changeFileKeyPassword, generateFileKey, openFileKey, storeFileKeyCertificate } from '../keys/file-key';
import { pemEncode } from '../keys/file-key/pem';
import { keyAlgorithmFromName, type KeyAlgorithmName, type SigningKey } from '../keys/signing-key';
import { describeCertificate, type CertificateInfo } from '../pki/certificate';
import { certificatesFromBytes } from '../pki/certificate-input';
import { AccessTokens } from './access-tokens';
import { migrateCabinet } from './cabinet-schema';
import { certificateBundle } from './certificate-bundle';
import { buildCertificationRequest, describeCertificationRequest } from './certification-request';
import { KeyRecords, emptyKeyRecordFields, type KeyRecord } from './key-records';
import { temporaryValidity } from './temporary-validity';
import type { CabinetTokenPort } from './token-port';
import type { CabinetCaPort } from './ca-port';
import { holdOutcome } from './hold-outcome';

/**
 * Revocation status of a certificate; the issuer is found among `chain`, the CA profiles or by AIA
 * (the CA feature's `CaService.checkStatus`). ERR_CERT_CHAIN_INVALID when no issuer can be found.
 */
export type RevocationCheck = (
  certificate: Uint8Array,
  chain: readonly Uint8Array[],
  /** The key's CA profile, whose OCSP / CRL overrides apply; null: none chosen. */
  profileId: string | null,
) => Promise<{ status: 'good' | 'revoked' | 'unknown' | 'unreachable'; source: 'ocsp' | 'crl' | null; revokedAt: string | Date | null }>;

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

export type NewKeyRequest = z.output<typeof newKeyRequestSchema>;
export type TemporaryKeyRequest = z.output<typeof temporaryKeySchema>;

/** A minute of slack between the cap we computed and what a CA writes (it rounds to seconds). */
const VALIDITY_SLACK_MS = 60_000;
const MIN_ENTROPY_BYTES = 32;

function filePathOf(record: KeyRecord): string {
  if (!record.keyRef.startsWith('file:')) throw new SigndeskError('ERR_INTERNAL', `Key ${record.id} is not a file key`);
  return record.keyRef.slice('file:'.length);
}

function identifier(info: CertificateInfo | undefined, name: string): string | null {
  return (info?.identifiers as Record<string, string> | undefined)?.[name] ?? null;
}

/**
 * The key cabinet: the keys the user holds, their certificates and requests, and what can be done with
 * them (block, renew, change the secret, access tokens, temporary keys, new key requests).
 */
export class CabinetService {
  readonly records: KeyRecords;
  readonly accessTokens: AccessTokens;
  private readonly keysDir: string;
  private readonly tokens: CabinetTokenPort | undefined;
  private readonly checkRevocation: RevocationCheck | undefined;
  private readonly ca: CabinetCaPort | undefined;
  private readonly now: () => Date;

  constructor(options: CabinetServiceOptions) {
    migrateCabinet(options.db);
    this.records = new KeyRecords(options.db);
    this.now = options.now ?? (() => new Date());
    this.accessTokens = new AccessTokens(options.db, this.now);
    this.keysDir = options.keysDir;
    this.tokens = options.tokens;
    this.checkRevocation = options.checkRevocation;
    this.ca = options.ca;
  }

  // ---- listing and viewing ----

  async list(): Promise<CabinetKey[]> {
    const records = this.records.all();
    const present = records.some((record) => record.storage === 'token') ? await this.presentTokenLabels() : new Set<string>();
    return records.map((record) => this.toView(record, present));
  }

  async key(keyId: string): Promise<CabinetKey> {
    const record = this.records.get(keyId);
    return this.toView(record, record.storage === 'token' ? await this.presentTokenLabels() : new Set());
  }

  certificate(keyId: string): CertificateView {
    const record = this.records.get(keyId);
    if (!record.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'This key has no certificate yet', { keyId });
    const info = describeCertificate(record.certificate);
    return {
      subject: info.subject,
      issuer: info.issuer,
      serial: info.serial,
      notBefore: info.notBefore,
      notAfter: info.notAfter,
      keyUsage: info.keyUsage ?? [],
      extendedKeyUsage: info.extendedKeyUsage ?? [],
      identifiers: { ...info.identifiers } as Record<string, string>,
      fingerprintSha256: info.fingerprintSha256,
      publicKey: info.publicKey.description,
      chain: [record.certificate, ...record.chain].map((der) => {
        const item = describeCertificate(der);
        return { subject: item.subject, issuer: item.issuer, notAfter: item.notAfter };
      }),
    };
  }

  request(keyId: string): RequestView {
    const record = this.records.get(keyId);
    if (!record.request) throw new SigndeskError('ERR_NOT_FOUND', 'This key has no certification request', { keyId });
    return this.requestView(record);
  }

  // ---- certificates ----

  async exportCertificates(keyId: string, folder: string, formats: ReadonlyArray<'pem' | 'der' | 'p7b'>): Promise<{ files: string[] }> {
    const record = this.records.get(keyId);
    if (!record.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'This key has no certificate yet', { keyId });
    const stat = await fs.stat(folder).catch(() => undefined);
    if (!stat?.isDirectory()) throw new SigndeskError('ERR_FILE_NOT_FOUND', `${folder} is not a folder`);
    const base = safeFileName(record.name || record.id);
    const all = [record.certificate, ...record.chain];
    const files: string[] = [];
    for (const format of formats) {
      const target = path.join(folder, `${base}.${format === 'der' ? 'cer' : format}`);
      const data = format === 'pem' ? all.map((der) => pemEncode('CERTIFICATE', der)).join('') : format === 'der' ? record.certificate : certificateBundle(all);
      await writeFileAtomic(target, data, { mode: 0o644 });
      files.push(target);
    }
    return { files };
  }

  async checkStatus(keyId: string): Promise<StatusCheck> {
    const record = this.records.get(keyId);
    const checkedAt = this.now().toISOString();
    const unavailable = (reason: StatusCheck['reason']): StatusCheck => ({ status: 'unavailable', reason, source: null, checkedAt, revokedAt: null });
    if (!record.certificate) return unavailable('noCertificate');
    if (!this.checkRevocation) return unavailable('noService');
    let result: Awaited<ReturnType<RevocationCheck>>;
    try {
      result = await this.checkRevocation(record.certificate, record.chain, record.caProfileId);
    } catch (error) {
      if (isSigndeskError(error, 'ERR_CERT_CHAIN_INVALID')) return unavailable('noIssuer');
      throw error;
    }
    this.records.update(keyId, { lastStatus: result.status, lastStatusAt: checkedAt });
    const revokedAt = result.revokedAt === null ? null : new Date(result.revokedAt).toISOString();
    return { status: result.status, reason: null, source: result.source, checkedAt, revokedAt };
  }

  /** Binds an issued certificate (PEM, DER or P7B; the rest of a bundle becomes the chain) to the key. */
  async bindCertificate(input: { keyId: string; path?: string; pem?: string; secret?: string }): Promise<CabinetKey> {
    const record = this.records.get(input.keyId);
    let bytes: Uint8Array;
    if (input.pem !== undefined) bytes = new Uint8Array(Buffer.from(input.pem, 'latin1'));
    else if (input.path !== undefined) bytes = await readInput(input.path);
    else throw new SigndeskError('ERR_INPUT_INVALID', 'Give the certificate as a file path or PEM text');
    const certificates = certificatesFromBytes(bytes);
    const keySpki = this.publicKeyOf(record);
    const own = certificates.find((der) => spkiOfCertificate(der).equals(keySpki));
    if (!own) throw new SigndeskError('ERR_CERT_KEY_MISMATCH', 'The certificate is not for this key');
    const chain = certificates.filter((der) => der !== own);
    const info = describeCertificate(own);
    if (record.validityLimit && new Date(info.notAfter).getTime() > new Date(record.validityLimit).getTime() + VALIDITY_SLACK_MS) {
      throw new SigndeskError('ERR_VALIDITY_EXCEEDS_MAIN', 'The certificate lasts longer than the main certificate allows', { notAfter: info.notAfter, limit: record.validityLimit });
    }
    if (record.storage === 'file') {
      await storeFileKeyCertificate(filePathOf(record), own, chain, input.secret);
    } else {
      if (!input.secret) throw new SigndeskError('ERR_PIN_REQUIRED', 'The token PIN is needed to write the certificate');
      await this.tokenPort().bindCertificate(record.keyRef, input.secret, own);
    }
    this.records.update(record.id, { certificate: own, chain: chain.length > 0 ? chain : record.chain, lastStatus: null, lastStatusAt: null });
    return this.key(record.id);
  }

  // ---- access and secrets ----

  async setBlocked(keyId: string, blocked: boolean): Promise<CabinetKey> {
    this.records.update(keyId, { blocked });
    return this.key(keyId);
  }

  /**
   * Blocks the key here and, when its CA profile has CMP and it has a certificate, asks the CA to hold the
   * certificate (rr certificateHold) first, while the key may still sign. The local block applies whatever
   * the CA answers; the answer is reported.
   */
  async block(keyId: string, secret?: string): Promise<BlockResult> {
    const record = this.records.get(keyId);
    let ca: Pick<BlockResult, 'ca' | 'errorCode'> = { ca: 'notSent', errorCode: null };
    if (this.holdsAtCa(record) && !record.blocked) {
      if (!secret) throw new SigndeskError(record.storage === 'file' ? 'ERR_PASSWORD_REQUIRED' : 'ERR_PIN_REQUIRED', 'The key\'s password or PIN is needed to ask the CA to hold its certificate');
      try {
        await this.ca!.hold({ keyRef: record.keyRef, secret, profileId: record.caProfileId });
        ca = { ca: 'held', errorCode: null };
      } catch (error) {
        const outcome = holdOutcome(error);
        if (!outcome) throw error;
        ca = outcome;
      } finally {
        this.records.update(keyId, { blocked: true });
      }
    }
    this.records.update(keyId, { blocked: true });
    return { key: await this.key(keyId), ...ca };
  }

  /** Chooses the CA profile for the key's requests, renewals, holds and status checks (null: the default). */
  async setCaProfile(keyId: string, profileId: string | null): Promise<CabinetKey> {
    if (profileId !== null && !this.ca?.hasProfile(profileId)) throw new SigndeskError('ERR_NOT_FOUND', `No CA profile ${profileId}`, { profileId });
    this.records.update(keyId, { caProfileId: profileId });
    return this.key(keyId);
  }

  /** Refuses with ERR_KEY_BLOCKED when the cabinet has this key blocked. Keys not in the cabinet pass. */
  assertMaySign(keyRefOrId: string): void {
    const record = this.records.find(keyRefOrId) ?? this.records.findByRef(keyRefOrId);
    if (record?.blocked) throw new SigndeskError('ERR_KEY_BLOCKED', `The key "${record.name}" is blocked in the cabinet`, { keyId: record.id });
  }

  /** The key as a SigningKey, after the block check; the only way the cabinet hands a key out for signing. */
  async openSigningKey(keyId: string, secret: string): Promise<SigningKey> {
    const record = this.records.get(keyId);
    this.assertMaySign(record.id);
    if (record.storage === 'file') return openFileKey(filePathOf(record), secret, record.keyRef);
    return this.tokenPort().openSigningKey(record.keyRef, secret);
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
    else await this.tokenPort().changePin(record.tokenLabel ?? '', oldSecret, newSecret);
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

  /**
   * Extends validity. With a CA connector: a new key pair in the same place (same password / PIN) and a CMP
   * key update request (kur) authenticated by the current key; a failed send is retried with the same new key.
   * Without one: a renewal request (same subject) signed by the current key, to export.
   */
  async renew(keyId: string, secret: string): Promise<RequestView> {
    const record = this.records.get(keyId);
    if (this.ca?.configured(record.caProfileId)) return this.renewThroughCa(record, secret);
    const subject = record.certificate ? describeCertificate(record.certificate).subject : record.request ? describeCertificationRequest(record.request).subject : `CN=${record.name}`;
    const key = await this.openSigningKey(keyId, secret);
    try {
      const request = await buildCertificationRequest(key, { subject, ...(record.reference ? { reference: record.reference } : {}) });
      const updated = this.records.update(keyId, { request, requestPurpose: 'renewal', requestCreated: this.now().toISOString(), requestSent: false });
      return this.requestView(updated);
    } finally {
      await closeKey(key);
    }
  }

  async detectTokens(): Promise<TokenDetection> {
    if (!this.tokens) return { libraryMissing: true, tokens: [] };
    return this.tokens.detect();
  }

  previewValidity(parentId: string, period: TemporaryPeriod): ValidityPreview {
    const mainNotAfter = this.mainNotAfter(this.records.get(parentId));
    const { notAfter, capped } = temporaryValidity(period, mainNotAfter, this.now());
    return { notAfter: notAfter.toISOString(), capped, mainNotAfter: mainNotAfter.toISOString() };
  }

  /**
   * A temporary key vouched for by a main key: the new key pair (file or token), its request signed by itself,
   * and that request authenticated by the main key. Its certificate may never outlast the main one.
   */
  async makeTemporaryKey(input: TemporaryKeyRequest): Promise<CabinetKey> {
    const parent = this.records.get(input.parentId);
    const mainInfo = parent.certificate ? describeCertificate(parent.certificate) : undefined;
    const { notAfter } = temporaryValidity(input.period, this.mainNotAfter(parent), this.now());
    const parentKey = await this.openSigningKey(parent.id, input.parentSecret);
    try {
      const algorithm = algorithmNameOf(parent.algorithm);
      const name = `${parent.name} · temporary`;
      const created = await this.createKey({
        storage: input.storage,
        algorithm,
        name,
        secret: input.newSecret,
        tokenLabel: input.tokenLabel,
        tokenPin: input.tokenPin,
      });
      try {
        const request = await buildCertificationRequest(created.key, { subject: mainInfo!.subject });
        const digest = crypto.createHash('sha256').update(request).digest();
        const authorization = await parentKey.sign(new Uint8Array(digest), { hash: 'SHA-256' });
        this.records.insert({
          ...emptyKeyRecordFields(),
          id: created.id,
          name,
          storage: input.storage,
          keyRef: created.keyRef,
          tokenLabel: input.tokenLabel ?? null,
          algorithm,
          created: this.now().toISOString(),
          request,
          requestPurpose: 'temporary',
          requestCreated: this.now().toISOString(),
          parentId: parent.id,
          validityLimit: notAfter.toISOString(),
          authorization,
          caProfileId: this.knownProfile(input.caProfileId === undefined ? parent.caProfileId : input.caProfileId),
        });
        return this.key(created.id);
      } finally {
        await closeKey(created.key);
      }
    } finally {
      await closeKey(parentKey);
    }
  }

  /**
   * Sends a temporary key's request through the CA connector, authenticated by the main key; the issued
   * certificate is bound to the new key. `sent: false` when no CA is configured (export the request instead).
   * A failure (CA unreachable, refused) leaves the key as it was, so the wizard can simply try again.
   */
  async sendRequest(input: { keyId: string; parentSecret: string; secret: string }): Promise<{ sent: boolean; key: CabinetKey }> {
    const record = this.records.get(input.keyId);
    if (!this.ca?.configured(record.caProfileId)) return { sent: false, key: await this.key(record.id) };
    if (record.requestPurpose !== 'temporary' || !record.parentId) throw new SigndeskError('ERR_INPUT_INVALID', 'Only a temporary key request is sent from the cabinet');
    const parent = this.records.get(record.parentId);
    this.assertMaySign(parent.id);
    const notAfter = new Date(record.validityLimit ?? this.mainNotAfter(parent).toISOString());
    await this.ca.requestTemporaryCertificate({ authKeyRef: parent.keyRef, keyRef: record.keyRef, notAfter, authSecret: input.parentSecret, newSecret: input.secret, profileId: record.caProfileId });
    this.records.update(record.id, { requestSent: true });
    return { sent: true, key: await this.key(record.id) };
  }

  private async renewThroughCa(record: KeyRecord, secret: string): Promise<RequestView> {
    this.assertMaySign(record.id);
    if (!record.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'The key has no certificate to renew', { keyId: record.id });
    let pending = this.records.all().find((candidate) => candidate.renewsId === record.id && !candidate.certificate);
    if (!pending) {
      // Proves the secret (and that the key may sign) before anything is generated.
      await closeKey(await this.openSigningKey(record.id, secret));
      const created = await this.createKey({ storage: record.storage, algorithm: algorithmNameOf(record.algorithm), name: record.name, secret, tokenLabel: record.tokenLabel ?? undefined });
      try {
        const request = await buildCertificationRequest(created.key, { subject: describeCertificate(record.certificate).subject });
        this.records.insert({
          ...emptyKeyRecordFields(),
          id: created.id,
          name: record.name,
          storage: record.storage,
          keyRef: created.keyRef,
          tokenLabel: record.tokenLabel,
          algorithm: record.algorithm,
          created: this.now().toISOString(),
          request,
          requestPurpose: 'renewal',
          requestCreated: this.now().toISOString(),
          renewsId: record.id,
          caProfileId: record.caProfileId,
        });
      } finally {
        await closeKey(created.key);
      }
      pending = this.records.get(created.id);
    }
    await this.ca!.updateKey({ keyRef: record.keyRef, newKeyRef: pending.keyRef, secret, newSecret: secret, profileId: record.caProfileId });
    return this.requestView(this.records.update(pending.id, { requestSent: true }));
  }

  /** The new key wizard's "Sign the statement": key generated, request made, key awaiting its certificate. */
  async newKeyRequest(input: NewKeyRequest): Promise<CabinetKey> {
    const entropy = Buffer.from(input.entropy, 'base64');
    if (entropy.length < MIN_ENTROPY_BYTES) throw new SigndeskError('ERR_INPUT_INVALID', `At least ${MIN_ENTROPY_BYTES} bytes of entropy are needed`);
    // Token keys: `password` is the PIN the token will have (set with C_SetPIN when `tokenPin`, the current one, differs).
    const secret = input.storage === 'file' ? input.password : (input.password ?? input.tokenPin);
    if (!secret) throw new SigndeskError(input.storage === 'file' ? 'ERR_PASSWORD_REQUIRED' : 'ERR_PIN_REQUIRED', 'The new key needs its password or PIN');
    const name = input.name?.trim() || `Key ${input.reference}`;
    const created = await this.createKey({ storage: input.storage, algorithm: input.keyType, name, secret, tokenLabel: input.tokenLabel, tokenPin: input.tokenPin, entropy });
    try {
      const request = await buildCertificationRequest(created.key, { subject: `CN=${escapeRdn(name)}`, reference: input.reference });
      this.records.insert({
        ...emptyKeyRecordFields(),
        id: created.id,
        name,
        storage: input.storage,
        keyRef: created.keyRef,
        tokenLabel: input.tokenLabel ?? null,
        algorithm: input.keyType,
        created: this.now().toISOString(),
        request,
        requestPurpose: 'new',
        requestCreated: this.now().toISOString(),
        reference: input.reference,
        phone: input.phone,
        caAddress: input.caAddress?.trim() || null,
        caProfileId: this.knownProfile(input.caProfileId ?? null),
        // node:crypto cannot take outside entropy for file keys; the pointer entropy is recorded (as a digest) all the same.
        entropySha256: crypto.createHash('sha256').update(entropy).digest('hex'),
      });
      return this.key(created.id);
    } finally {
      await closeKey(created.key);
    }
  }

  // ---- internals ----

  private async createKey(input: {
    storage: 'file' | 'token';
    algorithm: KeyAlgorithmName;
    name: string;
    secret: string;
    tokenLabel?: string | undefined;
    tokenPin?: string | undefined;
    entropy?: Uint8Array;
  }): Promise<{ id: string; keyRef: string; key: SigningKey }> {
    const id = crypto.randomUUID();
    if (input.storage === 'file') {
      await fs.mkdir(this.keysDir, { recursive: true, mode: 0o700 });
      const file = path.join(this.keysDir, `${id}.key.pem`);
      await generateFileKey(file, keyAlgorithmFromName(input.algorithm), input.secret, { friendlyName: input.name });
      return { id, keyRef: `file:${file}`, key: await openFileKey(file, input.secret) };
    }
    if (!input.tokenLabel) throw new SigndeskError('ERR_TOKEN_NOT_FOUND', 'Choose the token for the new key');
    const tokens = this.tokenPort();
    if (input.tokenPin && input.tokenPin !== input.secret) await tokens.changePin(input.tokenLabel, input.tokenPin, input.secret);
    const generated = await tokens.generateKey({
      tokenLabel: input.tokenLabel,
      pin: input.secret,
      algorithm: input.algorithm,
      objectLabel: `signdesk-${id.slice(0, 8)}`,
      ...(input.entropy ? { entropy: input.entropy } : {}),
    });
    return { id, keyRef: generated.keyRef, key: await tokens.openSigningKey(generated.keyRef, input.secret) };
  }

  /** A profile id that exists, else ERR_NOT_FOUND; null passes. */
  private knownProfile(profileId: string | null): string | null {
    if (profileId !== null && !this.ca?.hasProfile(profileId)) throw new SigndeskError('ERR_NOT_FOUND', `No CA profile ${profileId}`, { profileId });
    return profileId;
  }

  private holdsAtCa(record: KeyRecord): boolean {
    return record.certificate !== null && (this.ca?.configured(record.caProfileId) ?? false);
  }

  private tokenPort(): CabinetTokenPort {
    if (!this.tokens) throw new SigndeskError('ERR_MODULE_LOAD_FAILED', 'No token library is available');
    return this.tokens;
  }

  private async presentTokenLabels(): Promise<Set<string>> {
    if (!this.tokens) return new Set();
    try {
      return new Set((await this.tokens.detect()).tokens.map((token) => token.label));
    } catch {
      // A broken token library means no token is reachable: every token key shows as absent.
      return new Set();
    }
  }

  private mainNotAfter(parent: KeyRecord): Date {
    if (!parent.certificate) throw new SigndeskError('ERR_NOT_FOUND', 'The main key has no certificate yet', { keyId: parent.id });
    return new Date(describeCertificate(parent.certificate).notAfter);
  }

  private publicKeyOf(record: KeyRecord): Buffer {
    if (record.request) return Buffer.from(describeCertificationRequest(record.request).publicKeySpki);
    if (record.certificate) return spkiOfCertificate(record.certificate);
    throw new SigndeskError('ERR_NOT_FOUND', 'The key has neither a request nor a certificate to match against');
  }

  private requestView(record: KeyRecord): RequestView {
    const description = describeCertificationRequest(record.request!);
    return {
      subject: description.subject,
      publicKey: description.publicKey,
      signatureAlgorithm: description.signatureAlgorithm,
      attributes: [
        ...description.attributes,
        ...(record.phone ? [{ name: 'phone', value: record.phone }] : []),
        ...(record.caAddress ? [{ name: 'caAddress', value: record.caAddress }] : []),
      ],
      pem: description.pem,
      created: record.requestCreated ?? record.created,
      purpose: record.requestPurpose ?? 'new',
      sent: record.requestSent,
    };
  }

  private toView(record: KeyRecord, presentTokens: ReadonlySet<string>): CabinetKey {
    const info = record.certificate ? describeCertificate(record.certificate) : undefined;
    return {
      id: record.id,
      name: record.name,
      storage: record.storage,
      storageLabel: record.storage === 'token' ? (record.tokenLabel ?? '') : path.basename(filePathOf(record)),
      keyRef: record.keyRef,
      algorithm: record.algorithm,
      organisation: info?.organisation ?? null,
      edrpou: identifier(info, 'EDRPOU'),
      owner: info?.owner ?? null,
      rnokpp: identifier(info, 'RNOKPP'),
      position: info?.title ?? null,
      identifiers: { ...(info?.identifiers ?? {}) } as Record<string, string>,
      status: this.statusOf(record, info, presentTokens),
      created: record.created,
      notBefore: info?.notBefore ?? null,
      notAfter: info?.notAfter ?? null,
      hasCertificate: record.certificate !== null,
      hasRequest: record.request !== null,
      parentId: record.parentId,
      validityLimit: record.validityLimit,
      caProfileId: record.caProfileId,
      caHold: this.holdsAtCa(record),
    };
  }

  private statusOf(record: KeyRecord, info: CertificateInfo | undefined, presentTokens: ReadonlySet<string>): KeyStatus {
    if (record.blocked) return 'blocked';
    if (record.storage === 'token' && !presentTokens.has(record.tokenLabel ?? '')) return 'tokenAbsent';
    if (!info) return 'awaitingCertificate';
    if (record.lastStatus === 'revoked') return 'revoked';
    if (new Date(info.notAfter).getTime() < this.now().getTime()) return 'expired';
    return 'active';
  }
}

function algorithmNameOf(algorithm: string): KeyAlgorithmName {
  return (['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'] as const).find((name) => name === algorithm) ?? 'ec-p256';
}

function spkiOfCertificate(der: Uint8Array): Buffer {
  return crypto.createPublicKey({ key: new crypto.X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
}

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').trim().slice(0, 80) || 'certificate';
}

function escapeRdn(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1').replace(/^([ #])/, '\\$1');
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read ${file}`);
  }
}

async function closeKey(key: SigningKey & { close?(): Promise<void> | void }): Promise<void> {
  await key.close?.();
}
