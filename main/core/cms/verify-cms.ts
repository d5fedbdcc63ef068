import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import { parseCertificate, type ParsedCertificate } from '../pki/certificate';
import { formatDn } from '../pki/dn';
import { validatePath } from '../pki/path-validation';
import type { RevocationChecker } from '../pki/revocation/revocation-types';
import { SIGNATURE_ALGORITHM_NAMES } from '../pki/oids';
import { HASH_BY_OID, OID_SIGNATURE_TIMESTAMP_TOKEN } from './algorithms';
import { locateAttachedContent, readRanges, type ContentRange } from './attached-content-locator';
import { checkSignedAttributes, spkiOf } from './signed-attributes-check';
import { fileError, readChunks } from './hash-file';
import { parseSignedData, type ParsedSignedData, type ParsedSignerInfo } from './parse-signed-data';
import { findSignerCertificate, signingCertificateMatches, signingTimeOf } from './signer-checks';
import { signatureVerifier, type SignatureVerifier } from './signature-verifier';
import { checkTimestampToken, type TimestampCheck } from './timestamp-check';
import { overallIndication, type SignerChecks, type SignerProblem, type SignerReport, type VerifyIndication, type VerifyReport } from './verify-report';

export interface VerifyCmsOptions {
  /** The signature (DER, or PEM CMS/PKCS7). */
  signature: Uint8Array;
  signaturePath?: string;
  /** Detached content: a file, streamed (any size)… */
  contentPath?: string;
  /** …or bytes in memory. */
  content?: Uint8Array;
  trustAnchors: readonly Uint8Array[];
  /** Further intermediates (`--untrusted`); the signature's own certificates are always candidates. */
  intermediates?: readonly Uint8Array[];
  /** Validation time; default: the timestamp's time, else signingTime, else now. */
  at?: Date;
  /** 'skip' for `--no-revocation`; absent: revocation unknown (INDETERMINATE). */
  revocation?: RevocationChecker | 'skip';
  /** Attached content left in the signature file (large signatures): `signature` is then its detached form. */
  attachedRanges?: { path: string; ranges: readonly ContentRange[] };
  /** verifySignatureFile: signature files above this size are not read whole (default 64 MiB). */
  inMemoryLimit?: number;
}

const DIGEST_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** Per signer, what the content pass computes. */
interface SignerWork {
  signer: ParsedSignerInfo;
  certificate?: ParsedCertificate;
  problems: SignerProblem[];
  contentVerifier?: SignatureVerifier;
}

/**
 * Verifies every signer of a CMS/CAdES signature: signature value, messageDigest against the content
 * (streamed once for all signers), the ESS signing-certificate binding, key usage, an RFC 3161 signature
 * timestamp when present, and RFC 5280 path validation with revocation. Returns a report; malformed input
 * throws ERR_SIGNATURE_MALFORMED, missing detached content ERR_CONTENT_MISSING.
 */
export async function verifyCms(options: VerifyCmsOptions): Promise<VerifyReport> {
  const parsed = parseSignedData(options.signature);
  const embedded = parseEmbeddedCertificates(parsed.certificates);
  const given = [...(options.intermediates ?? []), ...options.trustAnchors].map((der) => parseCertificate(der));
  const candidates = [...embedded, ...given];
  const attached = parsed.content !== undefined || options.attachedRanges !== undefined;
  if (!attached && options.content === undefined && options.contentPath === undefined) {
    throw new SigndeskError('ERR_CONTENT_MISSING', 'The signature is detached: give the signed document (--content FILE)');
  }

  const work: SignerWork[] = parsed.signerInfos.map((signer) => ({ signer, certificate: findSignerCertificate(signer, candidates), problems: [] }));
  const digests = new Map<string, crypto.Hash>();
  for (const item of work) {
    const hash = HASH_BY_OID[item.signer.digestAlgorithm];
    if (item.signer.signedAttributes) {
      if (hash && !digests.has(hash)) digests.set(hash, crypto.createHash(hash));
    } else if (item.certificate) {
      const verifier = signatureVerifier(item.signer.signatureAlgorithm, item.signer.digestAlgorithm, spkiOf(item.certificate));
      if (typeof verifier === 'string') item.problems.push({ code: 'ERR_KEY_ALGORITHM_UNSUPPORTED', message: verifier });
      else item.contentVerifier = verifier;
    }
  }
  const feed = (chunk: Uint8Array): void => {
    for (const hasher of digests.values()) hasher.update(chunk);
    for (const item of work) item.contentVerifier?.update(chunk);
  };
  if (options.attachedRanges) await readRanges(options.attachedRanges.path, options.attachedRanges.ranges, feed);
  else if (attached) feed(parsed.content as Uint8Array);
  else if (options.content !== undefined) feed(options.content);
  else await readChunks(options.contentPath as string, feed);
  const contentDigests = new Map([...digests].map(([name, hasher]) => [name, new Uint8Array(hasher.digest())]));

  const signers: SignerReport[] = [];
  for (const item of work) signers.push(await verifySigner(parsed, item, contentDigests, candidates, options));
  const indication = overallIndication(signers);
  return {
    valid: indication === 'TOTAL-PASSED',
    indication,
    attached,
    signaturePath: options.signaturePath ?? '',
    contentPath: attached ? null : (options.contentPath ?? null),
    signers,
  };
}

const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

/** Reads the signature file and verifies it; detached content and the content of large attached signatures are streamed. */
export async function verifySignatureFile(options: Omit<VerifyCmsOptions, 'signature'> & { signaturePath: string }): Promise<VerifyReport> {
  const path = options.signaturePath;
  let size: number;
  try {
    size = (await fs.stat(path)).size;
  } catch (error) {
    throw fileError(path, error);
  }
  if (size > (options.inMemoryLimit ?? IN_MEMORY_LIMIT)) {
    // A large attached signature: the content is hashed straight from the file, never loaded.
    const located = await locateAttachedContent(path);
    if (located) return verifyCms({ ...options, signature: located.detachedForm, attachedRanges: { path, ranges: located.ranges } });
  }
  let signature: Uint8Array;
  try {
    signature = new Uint8Array(await fs.readFile(path));
  } catch (error) {
    throw fileError(path, error);
  }
  return verifyCms({ ...options, signature });
}

function parseEmbeddedCertificates(certificates: readonly Uint8Array[]): ParsedCertificate[] {
  const parsed: ParsedCertificate[] = [];
  for (const der of certificates) {
    // Other CertificateChoices (attribute certificates) and damaged certificates are not candidates.
    if (der[0] !== 0x30) continue;
    try {
      parsed.push(parseCertificate(der));
    } catch {
      continue;
    }
  }
  return parsed;
}


async function verifySigner(
  parsed: ParsedSignedData,
  item: SignerWork,
  contentDigests: Map<string, Uint8Array>,
  candidates: ParsedCertificate[],
  options: VerifyCmsOptions,
): Promise<SignerReport> {
  const { signer, certificate } = item;
  const errors: SignerProblem[] = [...item.problems];
  const checks: SignerChecks = { signature: null, messageDigest: null, signingCertificate: null, chain: null, revocation: null };
  const signingTime = signingTimeOf(signer);
  const details: Record<string, string> = {
    digestAlgorithm: DIGEST_NAMES[signer.digestAlgorithm] ?? signer.digestAlgorithm,
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[signer.signatureAlgorithm.algorithmId] ?? signer.signatureAlgorithm.algorithmId,
  };
  let failed = false;
  let indeterminate = false;

  if (!certificate) {
    errors.push({ code: 'ERR_CERT_UNTRUSTED', message: 'The signer’s certificate is neither in the signature nor among the given certificates' });
    return report(signer, undefined, signingTime, checks, errors, details, 'INDETERMINATE');
  }

  if (signer.signedAttributes) {
    const hash = HASH_BY_OID[signer.digestAlgorithm];
    const result = checkSignedAttributes(signer, parsed.eContentType, certificate, hash ? contentDigests.get(hash) : undefined);
    checks.signature = result.signature;
    checks.messageDigest = result.messageDigest;
    errors.push(...result.problems);
    const binding = signingCertificateMatches(signer, certificate);
    checks.signingCertificate = binding.matches;
    if (binding.problem) errors.push({ code: 'ERR_SIGNATURE_INVALID', message: binding.problem });
  } else if (item.contentVerifier) {
    checks.signature = item.contentVerifier.verify(signer.signature);
    if (!checks.signature) errors.push({ code: 'ERR_SIGNATURE_INVALID', message: 'The signature value does not verify over the content' });
  }
  if (checks.signature === false || checks.messageDigest === false || checks.signingCertificate === false) failed = true;
  if (checks.signature === null || (signer.signedAttributes && checks.messageDigest === null)) indeterminate = true;

  let timestamp: TimestampCheck | undefined;
  const tokens = signer.unsignedAttributes.filter((attribute) => attribute.type === OID_SIGNATURE_TIMESTAMP_TOKEN).flatMap((attribute) => attribute.values);
  if (tokens.length > 0) {
    timestamp = await checkTimestampToken(tokens[0], signer.signature, { trustAnchors: options.trustAnchors, intermediates: candidates.map((candidate) => candidate.der) });
    if (timestamp.problem) {
      errors.push({ code: 'ERR_TSA', message: timestamp.problem });
      indeterminate = true;
    } else if (timestamp.time) details.timestamp = timestamp.time.toISOString();
  }

  const keyUsage = certificate.info.keyUsage;
  const usageAllowed = !keyUsage || keyUsage.includes('digitalSignature') || keyUsage.includes('nonRepudiation');
  if (!usageAllowed) errors.push({ code: 'ERR_CERT_KEY_USAGE', message: `The signer’s certificate does not allow signing (keyUsage: ${keyUsage.join(', ')})` });

  const at = options.at ?? (timestamp && !timestamp.problem ? timestamp.time : undefined) ?? signingTime ?? new Date();
  details.validationTime = at.toISOString();
  const path = await validatePath(certificate, { trustAnchors: options.trustAnchors, intermediates: candidates.map((candidate) => candidate.der), at, revocation: options.revocation });
  checks.chain = path.chainValid && usageAllowed;
  checks.revocation = path.revocation;
  errors.push(...path.errors);
  details.chain = path.chain.map((link) => link.info.subject).join(' → ');
  const sources = path.revocationResults.map((result) => result.source).filter(Boolean);
  if (sources.length > 0) details.revocationSource = [...new Set(sources)].join(', ');
  if (path.indication === 'TOTAL-FAILED') failed = true;
  if (path.indication === 'INDETERMINATE' || !usageAllowed) indeterminate = true;

  const indication: VerifyIndication = failed ? 'TOTAL-FAILED' : indeterminate ? 'INDETERMINATE' : 'TOTAL-PASSED';
  return report(signer, certificate, signingTime, checks, errors, details, indication);
}

function report(
  signer: ParsedSignerInfo,
  certificate: ParsedCertificate | undefined,
  signingTime: Date | undefined,
  checks: SignerChecks,
  errors: SignerProblem[],
  details: Record<string, string>,
  indication: VerifyIndication,
): SignerReport {
  const sid = signer.sid;
  const identifiers: Record<string, string> = {};
  for (const [name, value] of Object.entries(certificate?.info.identifiers ?? {})) if (value !== undefined) identifiers[name] = value;
  return {
    subject: certificate?.info.subject ?? '',
    issuer: certificate?.info.issuer ?? (sid.kind === 'issuerAndSerial' ? safeFormat(sid.issuer) : ''),
    serial: certificate?.info.serial ?? (sid.kind === 'issuerAndSerial' ? Buffer.from(sid.serial).toString('hex').replace(/^(00)+(?=.)/, '') : ''),
    identifiers,
    signingTime: signingTime ? signingTime.toISOString().replace(/\.000Z$/, 'Z') : null,
    notBefore: certificate?.info.notBefore ?? null,
    notAfter: certificate?.info.notAfter ?? null,
    valid: indication === 'TOTAL-PASSED',
    indication,
    checks,
    errors,
    details,
  };
}

function safeFormat(nameDer: Uint8Array): string {
  try {
    return formatDn(nameDer);
  } catch {
    return '';
  }
}
