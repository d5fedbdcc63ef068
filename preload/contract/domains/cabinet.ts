import { z } from 'zod';
import { channel } from '../define';

export const KEY_STATUSES = ['active', 'blocked', 'expired', 'revoked', 'awaitingCertificate', 'tokenAbsent'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'] as const;
export type CabinetKeyType = (typeof KEY_TYPES)[number];

export const TEMPORARY_PERIODS = ['day', 'week', 'month', 'untilMain'] as const;
export type TemporaryPeriod = (typeof TEMPORARY_PERIODS)[number];

/** One row of the cabinet table. Certificate metadata only: never key material or secrets. */
export interface CabinetKey {
  id: string;
  name: string;
  storage: 'file' | 'token';
  /** Token label for token keys, the file name for file keys. */
  storageLabel: string;
  keyRef: string;
  algorithm: string;
  /** null: an individual (no organisation in the certificate). */
  organisation: string | null;
  edrpou: string | null;
  owner: string | null;
  rnokpp: string | null;
  position: string | null;
  identifiers: Record<string, string>;
  status: KeyStatus;
  created: string;
  notBefore: string | null;
  notAfter: string | null;
  hasCertificate: boolean;
  hasRequest: boolean;
  /** Set for temporary keys: the key whose certificate caps this one's validity. */
  parentId: string | null;
  /** The latest date the certificate may reach (temporary keys), ISO. */
  validityLimit: string | null;
  /** The CA profile chosen for the key; null: the first profile with a CMP address is used. */
  caProfileId: string | null;
  /** true when Block also asks the CA to hold the certificate (CMP rr): it then needs the key's PIN or password. */
  caHold: boolean;
  /** A new key's signed acceptance statement (an attached `.p7s` beside its `.txt`); null: none. */
  statementPath: string | null;
}

/** What Block did beyond the local block (which always applies). */
export interface BlockResult {
  key: CabinetKey;
  /** held: the CA suspended the certificate; notSent: no CMP for this key or no certificate; failed: see `errorCode`. */
  ca: 'held' | 'refused' | 'unreachable' | 'failed' | 'notSent';
  errorCode: string | null;
}

export interface CertificateView {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  identifiers: Record<string, string>;
  fingerprintSha256: string;
  publicKey: string;
  /** Subjects from the key's certificate up the stored chain. */
  chain: Array<{ subject: string; issuer: string; notAfter: string }>;
}

export interface RequestView {
  subject: string;
  publicKey: string;
  signatureAlgorithm: string;
  /** Attributes of the request beyond the subject (challenge, reference, phone). */
  attributes: Array<{ name: string; value: string }>;
  pem: string;
  created: string;
  /** What the request is for: a new key, a renewal, a temporary key. */
  purpose: 'new' | 'renewal' | 'temporary';
  /** Whether it was sent through a CA connector; false: export it and import the certificate later. */
  sent: boolean;
}

export interface StatusCheck {
  status: 'good' | 'revoked' | 'unknown' | 'unreachable' | 'unavailable';
  /**
   * Why the check could not be made (`unavailable`): no certificate, no revocation service, no issuer, or no OCSP/CRL
   * address in the certificate nor in its CA profile (`noSources`).
   */
  reason: 'noCertificate' | 'noIssuer' | 'noService' | 'noSources' | null;
  source: 'ocsp' | 'crl' | null;
  checkedAt: string;
  revokedAt: string | null;
}

export interface AccessTokenInfo {
  id: string;
  keyId: string;
  label: string;
  /** First characters of the token, to recognise it; the token itself is never stored. */
  prefix: string;
  created: string;
  revoked: string | null;
}

export interface TokenSlot {
  label: string;
  serial: string;
  modulePath: string;
  manufacturer: string;
  /**
   * The token's user PIN: `set` (the wizards ask for it and never change it), `mustChange` (the token demands a
   * new one: CKF_USER_PIN_TO_BE_CHANGED), `notInitialized` (none yet: set with the administrator's SO PIN).
   */
  pinState: 'set' | 'mustChange' | 'notInitialized';
  /** A PIN pad or biometric reader: the PIN is entered there. */
  pinPad: boolean;
  /** The token warns that few tries are left, or that the next wrong PIN locks it. */
  pinCountLow: boolean;
  pinFinalTry: boolean;
  pinLocked: boolean;
}

/** How a wizard unlocks a token for a new key (see TokenSlot.pinState). */
const tokenPinFields = {
  /** The token's user PIN (pinState `set`, `mustChange`). */
  tokenPin: z.string().min(1).max(256).optional(),
  /** The token's new user PIN: only where the token demands one (`mustChange`) or has none (`notInitialized`). */
  newTokenPin: z.string().regex(/^\d{6,12}$/).optional(),
  /** The administrator (SO) PIN, to set the first user PIN (`notInitialized`). */
  soPin: z.string().min(1).max(256).optional(),
};

export interface TokenDetection {
  /** No PKCS#11 library found at all: the user must install their token's driver. */
  libraryMissing: boolean;
  tokens: TokenSlot[];
}

/** A private key found on a token, offered by "Add key" (certificate fields null when it has none). */
export interface TokenKeyChoice {
  /** `pkcs11:` URI without a PIN: what `cabinet:addKey` takes. */
  uri: string;
  label: string;
  /** 'ec-p256', 'rsa-2048'…; null: a key type Signdesk cannot read. */
  algorithm: string | null;
  owner: string | null;
  organisation: string | null;
  notAfter: string | null;
  identifiers: Record<string, string>;
  /** The cabinet's name for this key when it is already there. */
  inCabinetAs: string | null;
}

/** The certificate a CA issued for a new key, before the user accepts it. */
export interface EnrollmentReview {
  keyId: string;
  subject: string;
  /** The person and organisation the certificate names (CN or given name and surname; O). */
  owner: string | null;
  organisation: string | null;
  issuer: string;
  /** The issuing CA's name (its CN or O). */
  issuerName: string | null;
  serial: string;
  notBefore: string;
  notAfter: string;
  identifiers: Record<string, string>;
  fingerprintSha256: string;
}

export interface EnrollmentTarget {
  /** qr: the CA address from the QR code; profile: a CA profile with a CMP address; none: nothing configured. */
  source: 'qr' | 'profile' | 'none';
  url: string | null;
  profileName: string | null;
}

export interface ValidityPreview {
  notAfter: string;
  /** true when the requested period was cut at the main certificate's end. */
  capped: boolean;
  mainNotAfter: string;
}

const id = z.string().min(1).max(100);
const secret = z.string().min(1).max(256);
const keyRefInput = z.object({ keyId: id }).strict();

export const newKeyRequestSchema = z
  .object({
    keyType: z.enum(KEY_TYPES),
    storage: z.enum(['file', 'token']),
    name: z.string().max(120).optional(),
    /** For token keys: the token's label (from `cabinet:detectTokens`). */
    tokenLabel: z.string().min(1).max(64).optional(),
    ...tokenPinFields,
    /** File key: its password (8 characters or more). */
    password: secret.optional(),
    /** The applicant as the CA knows them: surname, given names (the certificate's CN; the wizard always asks). */
    fullName: z.string().trim().min(3).max(200).optional(),
    /** РНОКПП (Ukrainian taxpayer number), 10 digits: the certificate's serialNumber TINUA-…. */
    rnokpp: z.string().regex(/^\d{10}$/).optional(),
    email: z.string().email().max(254).optional(),
    /** Pointer-movement entropy, base64, at least 32 bytes. */
    entropy: z.string().min(44).max(8192),
    reference: z.string().min(1).max(64),
    caAddress: z.string().max(2048).optional(),
    phone: z.string().regex(/^\+?[0-9 ()-]{7,20}$/),
    caProfileId: id.nullable().optional(),
  })
  .strict();

export const temporaryKeySchema = z
  .object({
    parentId: id,
    storage: z.enum(['file', 'token']),
    period: z.enum(TEMPORARY_PERIODS),
    /** The current key's password or PIN: authenticates the request. */
    parentSecret: secret,
    /** file: the new key's password (token keys use the token's PIN: `tokenPin` / `newTokenPin`). */
    newSecret: secret.optional(),
    tokenLabel: z.string().min(1).max(64).optional(),
    ...tokenPinFields,
    /** The CA profile for the new key; default: the main key's. */
    caProfileId: id.nullable().optional(),
    /** The new key's name in the user's language (the app sends "<main key> · тимчасовий"); default English. */
    name: z.string().min(1).max(120).optional(),
  })
  .strict();

const keyName = z.string().trim().max(120).optional();

/**
 * "Add key": a key file the user already has (`path`: picked, dropped or typed; `fileName`: its own name when the
 * path is an upload's) or a key on a token (`uri` from `cabinet:tokenKeys`). Its password or PIN is proved first.
 */
export const addKeySchema = z.discriminatedUnion('source', [
  z
    .object({
      source: z.literal('file'),
      path: z.string().min(1).max(4096),
      fileName: z.string().min(1).max(255).optional(),
      password: secret,
      name: keyName,
      /** The user saw ERR_KEY_FILE_UNPROTECTED and still adds the PKCS#12: it is kept re-sealed with a MAC. */
      acceptMissingMac: z.boolean().optional(),
    })
    .strict(),
  z.object({ source: z.literal('token'), uri: z.string().startsWith('pkcs11:').max(4096), pin: secret, name: keyName }).strict(),
]);
export type AddKeyInput = z.infer<typeof addKeySchema>;

export const cabinetChannels = {
  'cabinet:list': channel<CabinetKey[]>()(z.object({}).strict()),
  'cabinet:certificate': channel<CertificateView>()(keyRefInput),
  'cabinet:request': channel<RequestView>()(keyRefInput),
  'cabinet:exportCertificates': channel<{ files: string[] }>()(
    z.object({ keyId: id, folder: z.string().min(1).max(4096), formats: z.array(z.enum(['pem', 'der', 'p7b'])).min(1).max(3) }).strict(),
  ),
  'cabinet:checkStatus': channel<StatusCheck>()(keyRefInput),
  'cabinet:renew': channel<RequestView>()(z.object({ keyId: id, secret }).strict()),
  'cabinet:setBlocked': channel<CabinetKey>()(z.object({ keyId: id, blocked: z.boolean() }).strict()),
  /** Blocks locally and, when the key's CA profile has CMP and the key a certificate, sends rr certificateHold (needs `secret`). */
  'cabinet:block': channel<BlockResult>()(z.object({ keyId: id, secret: secret.optional() }).strict()),
  /** Chooses the key's CA profile; null: back to the default (the first profile with a CMP address). */
  'cabinet:setCaProfile': channel<CabinetKey>()(z.object({ keyId: id, profileId: id.nullable() }).strict()),
  'cabinet:changeSecret': channel<{ changed: true }>()(z.object({ keyId: id, oldSecret: secret, newSecret: secret }).strict()),
  /** Opens the key with its secret and signs a random challenge: proves the secret and that the key may sign. */
  'cabinet:testSign': channel<{ signed: true }>()(z.object({ keyId: id, secret }).strict()),
  'cabinet:createAccessToken': channel<{ token: string; info: AccessTokenInfo }>()(z.object({ keyId: id, label: z.string().max(80).default('') }).strict()),
  'cabinet:listAccessTokens': channel<AccessTokenInfo[]>()(keyRefInput),
  'cabinet:revokeAccessToken': channel<AccessTokenInfo>()(z.object({ tokenId: id }).strict()),
  'cabinet:detectTokens': channel<TokenDetection>()(z.object({}).strict()),
  /** The private keys on a detected token, after proving its PIN (the token is logged out again). */
  'cabinet:tokenKeys': channel<TokenKeyChoice[]>()(z.object({ tokenLabel: z.string().min(1).max(64), pin: secret }).strict()),
  /** Puts a key the user already has in the cabinet; ERR_KEY_ALREADY_ADDED when it is there. */
  'cabinet:addKey': channel<CabinetKey>()(addKeySchema),
  'cabinet:previewValidity': channel<ValidityPreview>()(z.object({ parentId: id, period: z.enum(TEMPORARY_PERIODS) }).strict()),
  'cabinet:makeTemporaryKey': channel<CabinetKey>()(temporaryKeySchema),
  /** Sends a temporary key's request through the CA connector (`sent: false`: none is configured). */
  'cabinet:sendRequest': channel<{ sent: boolean; key: CabinetKey }>()(z.object({ keyId: id, parentSecret: secret, secret }).strict()),
  'cabinet:newKeyRequest': channel<CabinetKey>()(newKeyRequestSchema),
  /** The token's own "Change PIN" (C_SetPIN): the only way the app changes a token's PIN. */
  'cabinet:changeTokenPin': channel<{ changed: true }>()(
    z.object({ tokenLabel: z.string().min(1).max(64), oldPin: secret, newPin: z.string().regex(/^\d{6,12}$/) }).strict(),
  ),
  /**
   * CMP ir for a new key's request, MAC-protected by its reference number and the one-time secret from the CA,
   * sent to the CA address from the QR code or the key's CA profile. Returns the issued certificate for review;
   * the CA is told it is accepted only by `cabinet:confirmEnrollment`.
   */
  'cabinet:enroll': channel<EnrollmentReview>()(z.object({ keyId: id, secret, oneTimeSecret: secret }).strict()),
  /** "Sign the statement" (accept: the certificate is confirmed, bound, and the key signs) or "The data is wrong". */
  'cabinet:confirmEnrollment': channel<CabinetKey>()(z.object({ keyId: id, accept: z.boolean() }).strict()),
  /** Where a new key's request would go: the QR's CA address, the chosen profile, the default, or nowhere. */
  'cabinet:enrollmentTarget': channel<EnrollmentTarget>()(z.object({ caAddress: z.string().max(2048).optional(), caProfileId: id.nullable().optional() }).strict()),
  'cabinet:bindCertificate': channel<CabinetKey>()(
    z.object({ keyId: id, path: z.string().min(1).max(4096).optional(), pem: z.string().min(1).max(200_000).optional(), secret: secret.optional() }).strict(),
  ),
};

