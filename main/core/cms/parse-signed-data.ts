import fs from 'node:fs';
import { SigndeskError } from '../../../preload/contract/errors';
import { fileSource, memorySource, type ByteSource } from './byte-source';
import { fileError } from './hash-file';
import { OID_DATA } from './oids';
import { expectUniversal, parseSignerInfo, smallInteger, type ParsedSignerInfo } from './parse-signer-info';
import { readTlv, signatureOidText, type Tlv } from './tlv';
import { malformed, signedDataLayout, type ContentRange, type Span } from './signed-data-layout';

export type { ParsedAttribute, ParsedSignerInfo, SignerIdentifier } from './parse-signer-info';
export type { ContentRange } from './signed-data-layout';

/** Something the verifier tells without failing the signature: trailing bytes, an unexpected version. */
export interface ParseWarning {
  code: 'WARN_TRAILING_DATA' | 'WARN_VERSION' | 'WARN_BER';
  message: string;
}

export interface ParsedSignedData {
  version: number;
  /** Raw DER of each digestAlgorithms member. */
  digestAlgorithms: Uint8Array[];
  /** The EncapsulatedContentInfo as received; for a signature read from a file above the in-memory limit, only without its content. */
  encapContentInfo: Uint8Array;
  /** Whether `encapContentInfo` is complete (false: a large attached signature whose content stayed on disk). */
  encapContentInfoComplete: boolean;
  eContentType: string;
  /** The eContentType OBJECT IDENTIFIER as received. */
  eContentTypeDer: Uint8Array;
  /** Attached content octets when the signature is in memory; undefined for a detached signature. */
  content?: Uint8Array;
  /** Where the attached content lies in the source (always set for an attached signature). */
  contentRanges?: ContentRange[];
  contentLength?: number;
  /** Each CertificateChoices member as received. */
  certificates: Uint8Array[];
  /** The [0] certificates and [1] crls fields as received (archive-time-stamp v2 hashes them whole). */
  certificatesField?: Uint8Array;
  crlsField?: Uint8Array;
  /** Each RevocationInfoChoice member as received. */
  crls: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
  warnings: ParseWarning[];
  /** Bytes after the ContentInfo (a warning, not an error). */
  trailingBytes: number;
}

const MAX_DEPTH = 64;
/** Above this, a signature file is not read whole: its content stays on disk and is streamed from the ranges. */
export const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

/** PEM (`CMS`, `PKCS7`) → DER; anything else is returned as it is. */
export function signatureDer(bytes: Uint8Array): Uint8Array {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!head.includes('-----BEGIN ')) return bytes;
  const match = /-----BEGIN (CMS|PKCS7)-----([\s\S]*?)-----END \1-----/.exec(Buffer.from(bytes).toString('latin1'));
  if (!match) return malformed('PEM data without a CMS or PKCS7 block');
  return new Uint8Array(Buffer.from(match[2]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
}

/**
 * Parses a CMS ContentInfo carrying SignedData (BER or DER), keeping every part's received bytes (co-signing
 * re-emits them, archive time-stamps hash them). One walk of the outer structure, then asn1js on each field with
 * limits scaled to the input. Data after the ContentInfo is a warning. Anything wrong is ERR_SIGNATURE_MALFORMED.
 */
export function parseSignedData(input: Uint8Array): ParsedSignedData {
  const bytes = signatureDer(input);
  return parseFrom(memorySource(bytes), true);
}

/**
 * The same parser over a signature file: files up to `inMemoryLimit` are read whole; larger ones are read at
 * positions, the attached content left on disk (`contentRanges`), and every other field parsed exactly as above.
 */
export function parseSignedDataFile(path: string, inMemoryLimit = IN_MEMORY_LIMIT): ParsedSignedData {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= inMemoryLimit) return parseSignedData(readWhole(fd, size));
    const head = Buffer.alloc(Math.min(64, size));
    fs.readSync(fd, head, 0, head.length, 0);
    if (head.toString('latin1').includes('-----BEGIN ')) {
      if (size > 2 * IN_MEMORY_LIMIT) malformed('a PEM signature this large is not supported');
      return parseSignedData(readWhole(fd, size));
    }
    return parseFrom(fileSource(fd, size), false);
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    throw fileError(path, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** The whole file in one buffer of its size (one read for a small signature). */
function readWhole(fd: number, size: number): Uint8Array {
  const buffer = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const got = fs.readSync(fd, buffer, done, size - done, done);
    if (got === 0) break;
    done += got;
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, done);
}

function parseFrom(source: ByteSource, inMemory: boolean): ParsedSignedData {
  try {
    return parse(source, inMemory);
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    return malformed((error as Error).message);
  }
}

function parse(source: ByteSource, inMemory: boolean): ParsedSignedData {
  if (source.size < 2) malformed('too short');
  const layout = signedDataLayout(source);
  const warnings: ParseWarning[] = [];
  const trailingBytes = source.size - layout.end;
  if (trailingBytes > 0) warnings.push({ code: 'WARN_TRAILING_DATA', message: `${trailingBytes} byte${trailingBytes === 1 ? '' : 's'} of data after the end of the signature were ignored` });
  const version = smallInteger(expectUniversal(field(source, layout.version, 'version'), 2, 'version'), 'SignedData version');
  const digestAlgorithms = members(source, layout.digestAlgorithms, 'digestAlgorithms');
  const eContentTypeDer = read(source, layout.eContentType);
  const eContentType = signatureOidText(expectUniversal(field(source, layout.eContentType, 'eContentType'), 6, 'eContentType').content);
  const certificates = layout.certificates ? members(source, layout.certificates, 'certificates') : [];
  const crls = layout.crls ? members(source, layout.crls, 'crls') : [];
  const signerInfos = field(source, layout.signerInfos, 'signerInfos').children().map((item, index) => parseSignerInfo(item, index));
  if (signerInfos.length === 0) malformed('no signers');
  checkVersion(version, { eContentType, certificates, crls, signerInfos }, warnings);
  if (layout.ber) warnings.push({ code: 'WARN_BER', message: 'The signature uses BER (indefinite lengths or chunked content); it was read as BER' });
  const parsed: ParsedSignedData = {
    version,
    digestAlgorithms,
    encapContentInfo: inMemory || !layout.content ? read(source, layout.encapContentInfo) : new Uint8Array(0),
    encapContentInfoComplete: inMemory || !layout.content,
    eContentType,
    eContentTypeDer,
    certificates,
    crls,
    ...(layout.certificates ? { certificatesField: read(source, layout.certificates) } : {}),
    ...(layout.crls ? { crlsField: read(source, layout.crls) } : {}),
    signerInfos,
    warnings,
    trailingBytes,
  };
  if (layout.content) {
    parsed.contentRanges = layout.content.ranges;
    parsed.contentLength = layout.content.length;
    if (inMemory) parsed.content = contentBytes(source, layout.content.ranges);
  }
  return parsed;
}

function read(source: ByteSource, span: Span): Uint8Array {
  return source.read(span.start, span.end - span.start);
}

/** One field's bytes, read as DER by the DER module or as BER by asn1js (limits scaled to the field). */
function field(source: ByteSource, span: Span, what: string): Tlv {
  try {
    return readTlv(read(source, span), what, MAX_DEPTH);
  } catch (error) {
    if (error instanceof SigndeskError && error.code === 'ERR_SIGNATURE_MALFORMED') throw error;
    return malformed(`${what}: ${(error as Error).message}`);
  }
}

/** The members of a SET field as received. */
function members(source: ByteSource, span: Span, what: string): Uint8Array[] {
  return field(source, span, what).children().map((member) => member.raw);
}

function contentBytes(source: ByteSource, ranges: readonly ContentRange[]): Uint8Array {
  if (ranges.length === 1) return source.read(ranges[0]!.start, ranges[0]!.length);
  return new Uint8Array(Buffer.concat(ranges.map((range) => source.read(range.start, range.length))));
}

/**
 * RFC 5652 §5.1: the version follows from what the SignedData holds. A lower one than required is malformed (an
 * old reader would misread it); a higher one is only reported.
 */
function checkVersion(version: number, data: Pick<ParsedSignedData, 'eContentType' | 'certificates' | 'crls' | 'signerInfos'>, warnings: ParseWarning[]): void {
  if (![1, 3, 4, 5].includes(version)) malformed(`SignedData version ${version} (RFC 5652 allows 1, 3, 4 or 5)`);
  let required = 1;
  if (data.certificates.some((item) => item[0] === 0xa3) || data.crls.some((item) => item[0] === 0xa1)) required = 5;
  else if (data.certificates.some((item) => item[0] === 0xa2)) required = 4;
  else if (data.certificates.some((item) => item[0] === 0xa1) || data.signerInfos.some((signer) => signer.version === 3) || data.eContentType !== OID_DATA) required = 3;
  if (version < required) malformed(`SignedData version ${version} where RFC 5652 §5.1 requires ${required}`);
  if (version > required) warnings.push({ code: 'WARN_VERSION', message: `SignedData version ${version} where RFC 5652 §5.1 gives ${required}` });
}

/** The content octets of a definite-length TLV. */
export function contentOf(tlv: Uint8Array): Uint8Array {
  let offset = 1;
  if ((tlv[0]! & 0x1f) === 0x1f) while (tlv[offset++]! & 0x80);
  const first = tlv[offset++]!;
  if (first & 0x80) offset += first & 0x7f;
  return tlv.subarray(offset);
}

