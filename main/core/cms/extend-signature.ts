import { SigndeskError } from '../../../preload/contract/errors';
import type { SignatureLevel } from '../../../preload/contract/domains/verify';
import { hashSpec, type SigningHashName } from '../crypto';
import { concat, oid, sequence, setOf, tlv } from '../crypto/der';
import { writeFileAtomic } from '../fs/atomic-write';
import { parseCertificate } from '../pki/certificate';
import { validatePath } from '../pki/path-validation';
import type { RevocationChecker, RevocationResult } from '../pki/revocation/revocation-types';
import { archiveV3Input, atsHashIndexV3 } from './archive-timestamp';
import { readRanges } from './content-ranges';
import { hashFile, signatureFileFacts } from './hash-file';
import { OID_ARCHIVE_TIMESTAMP_V3, OID_ATS_HASH_INDEX_V3, OID_RI_OCSP_RESPONSE, OID_SIGNATURE_TIMESTAMP_TOKEN } from './oids';
import { IN_MEMORY_LIMIT, parseSignedData, parseSignedDataFile, type ParsedSignedData, type ParsedSignerInfo } from './parse-signed-data';
import { fieldsBeforeUnsignedAttributes } from './parse-signer-info';
import { rewriteLargeAttached } from './rewrite-signature-file';
import { encodeSignedData, type SignedDataParts } from './signed-data';
import { signatureLevel } from './signature-level';
import { findSignerCertificate } from './signer-checks';
import { requestTimestamp, type TimestampFetch } from './timestamp';

export type ExtendLevel = 'T' | 'LT' | 'LTA';

export interface ExtendOptions {
  level: ExtendLevel;
  /** The TSA for signature and archive time-stamps. */
  tsaUrl?: string;
  timestampFetch?: TimestampFetch;
  /** Hash of the time-stamps and of the archive hash index; default SHA-256. */
  hash?: SigningHashName;
  trustAnchors: readonly Uint8Array[];
  intermediates?: readonly Uint8Array[];
  /** Where revocation data is fetched (OCSP/CRL online, cached): its answers' evidence goes into the signature. */
  revocation?: RevocationChecker;
  /** A detached signature's document (an archive time-stamp covers it). */
  contentPath?: string;
  content?: Uint8Array;
  inMemoryLimit?: number;
}

export interface ExtendResult {
  signers: Array<{ before: SignatureLevel; after: SignatureLevel }>;
}

const ORDER: Record<SignatureLevel, number> = { CMS: 0, 'B-B': 1, 'B-T': 2, 'B-LT': 3, 'B-LTA': 4 };

/**
 * Extends every signer of a signature to CAdES B-T (a signature time-stamp), B-LT (the certificates and OCSP/CRL data
 * of every chain, signer's and TSAs', in SignedData certificates and crls, OCSP as RFC 5940 otherRevInfo) or B-LTA (an
 * archive-time-stamp-v3 with its ats-hash-index-v3, EN 319 122-1 §5.5.3) over everything. Signers and content are kept
 * byte for byte. The file is replaced atomically; a large attached signature is rewritten by streaming its content.
 */
export async function extendSignatureFile(signaturePath: string, options: ExtendOptions): Promise<ExtendResult> {
  const { mode } = await signatureFileFacts(signaturePath);
  const parsed = parseSignedDataFile(signaturePath, options.inMemoryLimit ?? IN_MEMORY_LIMIT);
  const contentDigest = async (hash: SigningHashName): Promise<Uint8Array> => {
    if (parsed.content !== undefined) {
      const hasher = hashSpec(hash).create();
      hasher.update(parsed.content);
      return hasher.digest();
    }
    if (parsed.contentRanges) {
      const hasher = hashSpec(hash).create();
      await readRanges(signaturePath, parsed.contentRanges, (chunk) => hasher.update(chunk));
      return hasher.digest();
    }
    if (options.content !== undefined) {
      const hasher = hashSpec(hash).create();
      hasher.update(options.content);
      return hasher.digest();
    }
    if (options.contentPath !== undefined) return hashFile(options.contentPath, hash);
    throw new SigndeskError('ERR_CONTENT_MISSING', 'An archive time-stamp covers the document: give the signed document (--content FILE)');
  };
  const { parts, result } = await extendedParts(parsed, options, contentDigest);
  if (parsed.content === undefined && parsed.contentRanges) await rewriteLargeAttached(signaturePath, parsed, parts, mode);
  else {
    const { head, tail } = encodeSignedData({ ...parts, encapContentInfo: parsed.encapContentInfo });
    await writeFileAtomic(signaturePath, concat([head, tail]), { overwrite: true, mode });
  }
  return result;
}

/** The in-memory form of `extendSignatureFile`. */
export async function extendSignature(signature: Uint8Array, options: ExtendOptions): Promise<Uint8Array> {
  const parsed = parseSignedData(signature);
  const contentDigest = async (hash: SigningHashName): Promise<Uint8Array> => {
    const hasher = hashSpec(hash).create();
    if (parsed.content !== undefined) hasher.update(parsed.content);
    else if (options.content !== undefined) hasher.update(options.content);
    else if (options.contentPath !== undefined) return hashFile(options.contentPath, hash);
    else throw new SigndeskError('ERR_CONTENT_MISSING', 'An archive time-stamp covers the document: give the signed document (--content FILE)');
    return hasher.digest();
  };
  const { parts } = await extendedParts(parsed, options, contentDigest);
  const { head, tail } = encodeSignedData({ ...parts, encapContentInfo: parsed.encapContentInfo });
  return concat([head, tail]);
}

type Parts = Omit<SignedDataParts, 'encapContentInfo' | 'attachedContentLength' | 'eContentType'>;

async function extendedParts(parsed: ParsedSignedData, options: ExtendOptions, contentDigest: (hash: SigningHashName) => Promise<Uint8Array>): Promise<{ parts: Parts; result: ExtendResult }> {
  const hash = options.hash ?? 'SHA-256';
  const before = parsed.signerInfos.map((signer) => signatureLevel(parsed, signer).level);
  const target: SignatureLevel = options.level === 'T' ? 'B-T' : options.level === 'LT' ? 'B-LT' : 'B-LTA';
  for (const [index, level] of before.entries()) {
    if (level === 'CMS') throw new SigndeskError('ERR_INPUT_INVALID', `Signer ${index + 1} is a plain CMS signature (no signing-certificate attribute): it cannot be extended to a CAdES level`);
  }
  const tsa = (): string => {
    if (!options.tsaUrl) throw new SigndeskError('ERR_USAGE', 'A time-stamp is needed: give the time-stamp server (--tsa URL)');
    return options.tsaUrl;
  };

  // B-T: a signature time-stamp for every signer without one.
  let signers = parsed.signerInfos.map((signer) => ({ signer, added: [] as Uint8Array[] }));
  for (const item of signers) {
    if (item.signer.unsignedAttributes.some((attribute) => attribute.type === OID_SIGNATURE_TIMESTAMP_TOKEN)) continue;
    const token = await requestTimestamp(tsa(), item.signer.signature, { hash, fetch: options.timestampFetch });
    item.added.push(attribute(OID_SIGNATURE_TIMESTAMP_TOKEN, token));
  }
  let certificates = [...parsed.certificates];
  let crls = [...parsed.crls];
  let current = reparse(parsed, signers, certificates, crls);

  // B-LT: every chain (signers' and their time-stamp authorities') with its revocation data, as of now.
  if (ORDER[target] >= ORDER['B-LT'] && before.some((level) => ORDER[level] < ORDER['B-LT'])) {
    const data = await validationDataFor(current, options);
    certificates = unique([...certificates, ...data.certificates]);
    crls = unique([...crls, ...data.crls, ...data.ocsp.map((response) => tlv(0xa1, oid(OID_RI_OCSP_RESPONSE), response))]);
    current = reparse(parsed, signers, certificates, crls);
  }

  // B-LTA: an archive-time-stamp-v3 over the content, the signer and the hash index of everything it holds now.
  if (target === 'B-LTA') {
    const spec = hashSpec(hash);
    const digestOfContent = await contentDigest(hash);
    signers = await Promise.all(
      current.signerInfos.map(async (signer, index) => {
        const index3 = atsHashIndexV3(current, signer, spec);
        const token = await requestTimestamp(tsa(), archiveV3Input(current, signer, digestOfContent, index3), { hash, fetch: options.timestampFetch });
        return { signer: parsed.signerInfos[index]!, added: [...signers[index]!.added, attribute(OID_ARCHIVE_TIMESTAMP_V3, withUnsignedAttribute(token, attribute(OID_ATS_HASH_INDEX_V3, index3)))] };
      }),
    );
    current = reparse(parsed, signers, certificates, crls);
  }
  const after = current.signerInfos.map((signer) => signatureLevel(current, signer).level);
  return {
    parts: {
      version: signedDataVersion(parsed.version, crls),
      digestAlgorithms: parsed.digestAlgorithms,
      certificates,
      crls,
      signerInfos: current.signerInfos.map((signer) => signer.raw),
    },
    result: { signers: before.map((level, index) => ({ before: level, after: after[index]! })) },
  };
}

/** RFC 5652 §5.1: an other RevocationInfoChoice (RFC 5940 OCSP) makes the SignedData version 5. */
function signedDataVersion(version: number, crls: readonly Uint8Array[]): number {
  return crls.some((item) => item[0] === 0xa1) ? 5 : version;
}

/** The current SignedData (signers with their added unsigned attributes) parsed again, for the next step to build on. */
function reparse(parsed: ParsedSignedData, signers: Array<{ signer: ParsedSignerInfo; added: Uint8Array[] }>, certificates: Uint8Array[], crls: Uint8Array[]): ParsedSignedData {
  const signerInfos = signers.map(({ signer, added }) => withUnsignedAttributes(signer, added));
  const { head, tail } = encodeSignedData({
    version: signedDataVersion(parsed.version, crls),
    digestAlgorithms: parsed.digestAlgorithms,
    // The content does not matter to any step: a detached form keeps this small for large attached files.
    encapContentInfo: sequence(parsed.eContentTypeDer),
    certificates,
    crls,
    signerInfos,
  });
  const reparsed = parseSignedData(concat([head, tail]));
  // encodeSignedData sorts the SET OF SignerInfo: keep the original order for the caller.
  const order = signerInfos.map((raw) => reparsed.signerInfos.findIndex((signer) => Buffer.from(signer.raw).equals(Buffer.from(raw))));
  return { ...reparsed, eContentType: parsed.eContentType, eContentTypeDer: parsed.eContentTypeDer, signerInfos: order.map((index) => reparsed.signerInfos[index]!) };
}

/** The SignerInfo with unsigned attributes appended (existing ones kept in their order, byte for byte). */
function withUnsignedAttributes(signer: ParsedSignerInfo, added: readonly Uint8Array[]): Uint8Array {
  if (added.length === 0) return signer.raw;
  const existing = signer.unsignedAttributes.map((item) => item.raw);
  return sequence(
    ...fieldsBeforeUnsignedAttributes(signer),
    tlv(0xa1, ...existing, ...added),
  );
}

/** A TimeStampToken with an unsigned attribute added to its one SignerInfo (the ats-hash-index-v3 travels there). */
function withUnsignedAttribute(token: Uint8Array, added: Uint8Array): Uint8Array {
  const parsed = parseSignedData(token);
  const signer = parsed.signerInfos[0]!;
  const { head, tail } = encodeSignedData({
    version: parsed.version,
    digestAlgorithms: parsed.digestAlgorithms,
    encapContentInfo: parsed.encapContentInfo,
    certificates: parsed.certificates,
    crls: parsed.crls,
    signerInfos: [withUnsignedAttributes(signer, [added])],
  });
  return concat([head, tail]);
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return sequence(oid(type), setOf([value]));
}

function unique(items: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = Buffer.from(item).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The chains of every signer and signature time-stamp authority, with the OCSP responses and CRLs proving their status now. */
async function validationDataFor(parsed: ParsedSignedData, options: ExtendOptions): Promise<{ certificates: Uint8Array[]; crls: Uint8Array[]; ocsp: Uint8Array[] }> {
  if (!options.revocation) throw new SigndeskError('ERR_REVOCATION_UNKNOWN', 'Long-term validation data needs revocation answers (OCSP or CRL)');
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const ocsp: Uint8Array[] = [];
  const pool = [...parsed.certificates, ...(options.intermediates ?? [])];
  const collect = async (certificateDer: Uint8Array, extraPool: readonly Uint8Array[], what: string): Promise<void> => {
    const results: RevocationResult[] = [];
    const recording: RevocationChecker = async (certificate, issuer, checkOptions) => {
      const result = await options.revocation!(certificate, issuer, checkOptions);
      results.push(result);
      return result;
    };
    const path = await validatePath(parseCertificate(certificateDer), { trustAnchors: options.trustAnchors, intermediates: [...pool, ...extraPool], revocation: recording });
    if (!path.valid) {
      const first = path.errors[0];
      throw new SigndeskError(first?.code ?? 'ERR_CERT_UNTRUSTED', `${what}: ${first?.message ?? 'the chain does not validate'}; it cannot be extended to long-term`);
    }
    certificates.push(...path.chain.map((item) => item.der));
    for (const result of results) {
      for (const evidence of result.evidence ?? []) (evidence.kind === 'ocsp' ? ocsp : crls).push(evidence.der);
      if (!result.evidence || result.evidence.length === 0) throw new SigndeskError('ERR_REVOCATION_UNKNOWN', `${what}: the revocation answer carries no OCSP response or CRL to keep`);
    }
  };
  const candidates = pool.flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return [];
    }
  });
  for (const [index, signer] of parsed.signerInfos.entries()) {
    const certificate = findSignerCertificate(signer, candidates);
    if (!certificate) throw new SigndeskError('ERR_CERT_UNTRUSTED', `Signer ${index + 1}: its certificate is not in the signature`);
    await collect(certificate.der, [], `Signer ${index + 1}`);
    for (const attribute of signer.unsignedAttributes.filter((item) => item.type === OID_SIGNATURE_TIMESTAMP_TOKEN)) {
      for (const value of attribute.values) {
        const token = parseSignedData(value);
        const tokenCandidates = [...candidates, ...token.certificates.flatMap((der) => (der[0] === 0x30 ? [parseCertificate(der)] : []))];
        const tsaCertificate = findSignerCertificate(token.signerInfos[0]!, tokenCandidates);
        if (!tsaCertificate) throw new SigndeskError('ERR_CERT_UNTRUSTED', `Signer ${index + 1}: the time-stamp authority’s certificate is missing`);
        await collect(tsaCertificate.der, token.certificates, `Signer ${index + 1}’s time-stamp authority`);
      }
    }
  }
  return { certificates: unique(certificates), crls: unique(crls), ocsp: unique(ocsp) };
}
