import crypto from 'node:crypto';
import { SigndeskError } from '../../../preload/contract/errors';
import { certificateSpki, hashByOid, hashParametersOf, verificationKeyFromSpki, type HashParameters, type Hasher, type HashSpec, type SignatureCheck } from '../crypto';
import { parseCertificate, type ParsedCertificate } from '../pki/certificate';
import { embeddedRevocationChecker } from '../pki/revocation/embedded-revocation';
import type { RevocationChecker } from '../pki/revocation/revocation-types';
import { readRanges } from './content-ranges';
import { readChunks, readDocument } from './hash-file';
import { IN_MEMORY_LIMIT, parseSignedData, parseSignedDataFile, type ParsedSignedData, type ParsedSignerInfo } from './parse-signed-data';
import { signerSignatureCheck } from './signed-attributes-check';
import { findSignerCertificate } from './signer-checks';
import { signerTree, timestampHashes, type SignerNode } from './signer-tree';
import { ValidationDataSet } from './validation-data';
import { verifySigner, type VerificationContext } from './verify-signer';
import { overallIndication, type ContentComparison, type ReportProblem, type SignerReport, type VerifyReport } from './verify-report';

export interface VerifyCmsOptions {
  /** The signature (DER, BER, or PEM CMS/PKCS7)… */
  signature?: Uint8Array;
  /** …or already parsed (`parseSignedDataFile` for a large attached signature left on disk). */
  parsed?: ParsedSignedData;
  signaturePath?: string;
  /** Detached content: a file, streamed (any size)… */
  contentPath?: string;
  /** …or bytes in memory… */
  content?: Uint8Array;
  /** …or any stream of bytes (PAdES: the ByteRange parts of a PDF), fed in order; the verifier hashes what it needs. */
  contentSource?: (onChunk: (chunk: Uint8Array) => void) => Promise<void>;
  trustAnchors: readonly Uint8Array[];
  /** Further intermediates (`--untrusted`); the signature's own certificates are always candidates. */
  intermediates?: readonly Uint8Array[];
  /** Validation time; default: the signature time-stamp's time, else signingTime, else now. */
  at?: Date;
  /**
   * Revocation beyond the signature's own validation data (OCSP/CRL online, `--crl`); 'skip' for `--no-revocation`;
   * absent: only the signature's own data, else unknown (INDETERMINATE).
   */
  revocation?: RevocationChecker | 'skip';
  /** verifySignatureFile: signature files above this size are not read whole (default 64 MiB). */
  inMemoryLimit?: number;
}

/**
 * Verifies a CAdES / CMS signature, every signer and counter-signer to any depth (ETSI EN 319 102-1 indications):
 * the strict CMS/CAdES attribute rules, the signature value (registry algorithms, over the signed attributes as
 * received or their DER form), messageDigest against the content (streamed once for every hash needed), the ESS
 * signing-certificate binding, signature and archive time-stamps (v2, v3), weak algorithms, and RFC 5280 path
 * validation with revocation as of the best signature time, from the signature's own validation data first.
 * Malformed input throws ERR_SIGNATURE_MALFORMED; missing detached content ERR_CONTENT_MISSING.
 */
export async function verifyCades(options: VerifyCmsOptions): Promise<VerifyReport> {
  const parsed = options.parsed ?? parseSignedData(requiredSignature(options));
  const attached = parsed.contentRanges !== undefined;
  const documentGiven = options.content !== undefined || options.contentPath !== undefined || options.contentSource !== undefined;
  if (!attached && !documentGiven) throw new SigndeskError('ERR_CONTENT_MISSING', 'The signature is detached: give the signed document (--content FILE)');

  const tree = parsed.signerInfos.map((signer) => signerTree(signer));
  const embedded = embeddedCertificates(parsed);
  const given = [...(options.intermediates ?? []), ...options.trustAnchors].map((der) => parseCertificate(der));
  const candidates = [...embedded.parsed, ...given];

  // One pass over the content feeds every hash a signer, a content or archive time-stamp needs.
  const digests = new Map<string, Hasher>();
  const want = (hash: HashSpec | undefined, parameters: HashParameters = {}): string | undefined => {
    if (!hash) return undefined;
    const key = contentDigestKey(hash.oid, parameters);
    if (!digests.has(key)) digests.set(key, hash.create(parameters));
    return key;
  };
  // A DSTU signer whose certificate carries its own S-box has the content hashed with it (GOST 34.311).
  const signerDigestKeys = new Map<ParsedSignerInfo, string>();
  const prefixed = new Map<string, crypto.Hash>();
  const streaming = new Map<SignerNode, SignatureCheck>();
  const streamingProblems = new Map<SignerNode, ReportProblem>();
  for (const node of tree) {
    if (node.signer.signedAttributes) {
      const key = want(hashByOid(node.signer.digestAlgorithm), signerHashParameters(node.signer, candidates));
      if (key) signerDigestKeys.set(node.signer, key);
    }
    else {
      const certificate = findSignerCertificate(node.signer, candidates);
      if (certificate) {
        const check = signerSignatureCheck(node.signer, certificate);
        if ('code' in check) streamingProblems.set(node, check);
        else streaming.set(node, check);
      }
    }
    for (const use of timestampHashes(node)) {
      want(use.hash);
      if (use.archiveV2 && use.hash.nodeName && !prefixed.has(use.hash.oid)) {
        if (!parsed.encapContentInfoComplete) continue;
        const hasher = crypto.createHash(use.hash.nodeName);
        hasher.update(parsed.encapContentInfo);
        prefixed.set(use.hash.oid, hasher);
      }
    }
  }
  const carried = attached && documentGiven ? { hash: crypto.createHash('sha256'), size: 0 } : undefined;
  const feedDocument = (chunk: Uint8Array): void => {
    for (const hasher of digests.values()) hasher.update(chunk);
    for (const check of streaming.values()) check.update(chunk);
    if (carried) {
      carried.hash.update(chunk);
      carried.size += chunk.length;
    }
  };
  if (attached) {
    if (parsed.content !== undefined) feedDocument(parsed.content);
    else await readRanges(requiredPath(options), parsed.contentRanges ?? [], feedDocument);
  } else {
    // A detached document is hashed after encapContentInfo by archive-time-stamps v2 (attached content is inside it).
    const feed = (chunk: Uint8Array): void => {
      feedDocument(chunk);
      for (const hasher of prefixed.values()) hasher.update(chunk);
    };
    if (options.content !== undefined) feed(options.content);
    else if (options.contentSource) await options.contentSource(feed);
    else await readDocument(options.contentPath as string, feed);
  }
  const contentDigests = new Map([...digests].map(([oid, hasher]) => [oid, hasher.digest()]));
  const contentComparison = carried ? await compareGivenContent(carried, options) : undefined;

  const data = new ValidationDataSet();
  data.addSignedData(parsed);
  for (const node of tree) for (const item of flatten(node)) data.addSignerValues(item.signer);
  const context: VerificationContext = {
    parsed,
    candidates,
    malformedCertificates: embedded.malformed,
    data,
    trustAnchors: options.trustAnchors,
    givenIntermediates: options.intermediates ?? [],
    at: options.at,
    revocation: options.revocation,
    contentDigests,
    signerDigestKeys,
    prefixedDigest: (hash) => prefixed.get(hash.oid),
    streaming: (node) => streaming.get(node) ?? streamingProblems.get(node),
    revocationChecker: undefined,
  };
  // Time-stamp tokens carry validation data too: gathered before any chain is built.
  await collectTimestampData(tree, context);
  if (options.revocation !== 'skip') context.revocationChecker = embeddedRevocationChecker(data, options.revocation ? { fallback: options.revocation } : {});

  const signers: SignerReport[] = [];
  for (const node of tree) signers.push(await verifySigner(node, context, { kind: 'signer' }));
  if (contentComparison && !contentComparison.matches) for (const signer of signers) refuseForOtherDocument(signer, contentComparison);
  const indication = overallIndication(signers);
  const warnings: ReportProblem[] = parsed.warnings.map((warning) => ({ code: warning.code, message: warning.message }));
  if (embedded.malformed.length > 0) warnings.push({ code: 'WARN_CERTIFICATE_MALFORMED', message: `${embedded.malformed.length} certificate(s) in the signature are malformed and were not used` });
  return {
    valid: indication === 'TOTAL-PASSED',
    indication,
    attached,
    signaturePath: options.signaturePath ?? '',
    contentPath: attached ? null : (options.contentPath ?? null),
    ...(contentComparison ? { contentComparison } : {}),
    signers,
    warnings,
  };
}

/** The same as `verifyCades` (the name the CLI and handlers have always used). */
export const verifyCms = verifyCades;

/** Reads the signature file and verifies it; detached content and the content of large attached signatures are streamed. */
export async function verifySignatureFile(options: Omit<VerifyCmsOptions, 'signature' | 'parsed'> & { signaturePath: string }): Promise<VerifyReport> {
  const parsed = parseSignedDataFile(options.signaturePath, options.inMemoryLimit ?? IN_MEMORY_LIMIT);
  return verifyCades({ ...options, parsed });
}

function requiredSignature(options: VerifyCmsOptions): Uint8Array {
  if (!options.signature) throw new SigndeskError('ERR_INPUT_INVALID', 'No signature given');
  return options.signature;
}

function requiredPath(options: VerifyCmsOptions): string {
  if (!options.signaturePath) throw new SigndeskError('ERR_INPUT_INVALID', 'The signature’s content lies in a file: give its path');
  return options.signaturePath;
}

function* flatten(node: SignerNode): Generator<SignerNode> {
  yield node;
  for (const child of node.counterSigners) yield* flatten(child);
}

async function collectTimestampData(tree: SignerNode[], context: VerificationContext): Promise<void> {
  for (const node of tree) {
    for (const item of flatten(node)) {
      for (const token of item.timestampTokens) {
        try {
          const parsedToken = parseSignedData(token.der);
          context.data.addSignedData(parsedToken);
        } catch {
          continue;
        }
      }
    }
  }
}

function embeddedCertificates(parsed: ParsedSignedData): { parsed: ParsedCertificate[]; malformed: Uint8Array[] } {
  const good: ParsedCertificate[] = [];
  const malformed: Uint8Array[] = [];
  for (const der of parsed.certificates) {
    // Other CertificateChoices (attribute certificates) are not candidates.
    if (der[0] !== 0x30) continue;
    try {
      good.push(parseCertificate(der));
    } catch {
      malformed.push(der);
    }
  }
  return { parsed: good, malformed };
}

async function compareGivenContent(embedded: { hash: crypto.Hash; size: number }, options: VerifyCmsOptions): Promise<ContentComparison> {
  const signedSha256 = embedded.hash.digest('hex');
  const hasher = crypto.createHash('sha256');
  let givenSize: number;
  if (options.content !== undefined) {
    hasher.update(options.content);
    givenSize = options.content.length;
  } else if (options.contentSource) {
    givenSize = 0;
    await options.contentSource((chunk) => {
      hasher.update(chunk);
      givenSize += chunk.length;
    });
  } else {
    givenSize = await readChunks(options.contentPath as string, (chunk) => void hasher.update(chunk));
  }
  const matches = givenSize === embedded.size && hasher.digest('hex') === signedSha256;
  return { givenPath: options.contentPath ?? null, givenSize, signedSize: embedded.size, signedSha256, matches };
}

/** The signers signed the content inside the signature, not the document given with it: not valid for that document. */
function refuseForOtherDocument(signer: SignerReport, comparison: ContentComparison): void {
  signer.errors.unshift({
    code: 'ERR_CONTENT_MISMATCH',
    message: `The given document${comparison.givenPath ? ` ${comparison.givenPath}` : ''} (${comparison.givenSize} bytes) is not the one signed: the signature carries its own document of ${comparison.signedSize} bytes (SHA-256 ${comparison.signedSha256})`,
  });
  signer.checks.messageDigest = false;
  signer.indication = 'TOTAL-FAILED';
  signer.valid = false;
}

/** Content digests are kept per hash and, where a key brings one, per S-box. */
function contentDigestKey(oid: string, parameters: HashParameters): string {
  return parameters.sbox ? `${oid}:${Buffer.from(parameters.sbox).toString('hex')}` : oid;
}

function signerHashParameters(signer: ParsedSignerInfo, candidates: readonly ParsedCertificate[]): HashParameters {
  if (hashByOid(signer.digestAlgorithm)?.name !== 'GOST34311') return {};
  const certificate = findSignerCertificate(signer, candidates);
  if (!certificate) return {};
  try {
    return hashParametersOf(verificationKeyFromSpki(certificateSpki(certificate.der)));
  } catch {
    return {};
  }
}
