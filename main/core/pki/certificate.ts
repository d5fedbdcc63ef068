import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import { certificatesFromBytes } from './certificate-input';
import { ensureCryptoEngine } from './crypto-engine';
import { assertSaneDer } from '../crypto/der-guard';
import { childNodes, encodingOf, expectTag, readNode, type DerNode } from '../crypto/der';
import { keyAlgorithmOfSpki } from '../crypto/verification-key';
import { decodeAttributeValue, decodeName, formatDn, nameAttributes, nameDer, type DnAttribute, type NameAttribute, type Rdn } from './dn';
import { extractIdentifiers, type Identifiers } from './identifiers';
import { subjectNames } from './subject-names';
import {
  EXTENDED_KEY_USAGE_NAMES,
  KEY_USAGE_NAMES,
  OID_EXT_AUTHORITY_KEY_IDENTIFIER,
  OID_EXT_BASIC_CONSTRAINTS,
  OID_EXT_EXTENDED_KEY_USAGE,
  OID_EXT_KEY_USAGE,
  OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES,
  OID_EXT_SUBJECT_KEY_IDENTIFIER,
  PUBLIC_KEY_ALGORITHM_NAMES,
  SIGNATURE_ALGORITHM_NAMES,
  type KeyUsageName,
} from './oids';

export interface PublicKeyDescription {
  /** 'EC', 'RSA', 'RSA-PSS', 'Ed25519', … or the dotted OID. */
  algorithm: string;
  /** EC: 'P-256' / 'P-384' / 'P-521' or the curve OID. */
  curve?: string;
  /** RSA: modulus length in bits. */
  bits?: number;
  /** 'EC P-256', 'RSA 2048'. */
  description: string;
}

/** Everything the cabinet, `cert show` and the verifier display about a certificate. */
export interface CertificateInfo {
  subject: string;
  subjectAttributes: NameAttribute[];
  issuer: string;
  issuerAttributes: NameAttribute[];
  /** Lower-case hex without sign padding. */
  serial: string;
  notBefore: string;
  notAfter: string;
  keyUsage: KeyUsageName[] | null;
  extendedKeyUsage: string[] | null;
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  /** Lower-case hex of SHA-256 over the DER. */
  fingerprintSha256: string;
  publicKey: PublicKeyDescription;
  signatureAlgorithm: string;
  identifiers: Identifiers;
  /** CN, else given name + surname. */
  owner: string | null;
  organisation: string | null;
  title: string | null;
  selfIssued: boolean;
}

/** A decoded certificate: the pkijs object, its DER and the display model. */
export interface ParsedCertificate {
  der: Uint8Array;
  certificate: pkijs.Certificate;
  info: CertificateInfo;
  subjectRdns: Rdn[];
  issuerRdns: Rdn[];
}

function malformed(message: string, cause?: unknown): never {
  throw new SigndeskError('ERR_CERT_MALFORMED', message, undefined, { cause });
}

/** DER certificate → pkijs Certificate; ERR_CERT_MALFORMED for anything else (never a crash). */
export function decodeCertificate(der: Uint8Array): pkijs.Certificate {
  ensureCryptoEngine();
  assertSaneDer(der, { code: 'ERR_CERT_MALFORMED', what: 'certificate' });
  assertCertificateShape(der);
  try {
    return pkijs.Certificate.fromBER(der);
  } catch (error) {
    return malformed(`Malformed certificate: ${(error as Error).message}`, error);
  }
}

/**
 * RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } and nothing more, and
 * §4.1.1.2: the outer signatureAlgorithm is the same as the TBS `signature` field. pkijs accepts both defects.
 */
function assertCertificateShape(der: Uint8Array): void {
  let problem: string | undefined;
  try {
    const outer = expectTag(readNode(der), 0x30, 'Certificate');
    const fields = childNodes(der, outer);
    if (fields.length !== 3) problem = `a certificate has ${fields.length} top-level fields instead of 3`;
    else {
      const [tbs, algorithm, signature] = fields as [DerNode, DerNode, DerNode];
      expectTag(tbs, 0x30, 'tbsCertificate');
      expectTag(algorithm, 0x30, 'signatureAlgorithm');
      expectTag(signature, 0x03, 'signatureValue');
      const tbsFields = childNodes(der, tbs);
      const inner = tbsFields[tbsFields[0]?.tag === 0xa0 ? 2 : 1];
      if (!inner || !Buffer.from(encodingOf(der, inner)).equals(Buffer.from(encodingOf(der, algorithm)))) {
        problem = 'the certificate’s signatureAlgorithm differs from the signature algorithm inside it (RFC 5280 §4.1.1.2)';
      }
    }
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem) malformed(`Malformed certificate: ${problem}`);
}

const parsedCache = new Map<string, ParsedCertificate>();
const PARSED_CACHE_SIZE = 1024;

/**
 * Decodes and describes one DER certificate. Results are cached by content (a batch verifies the same
 * signer and CA certificates over and over); treat the returned objects as read-only.
 */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const key = crypto.createHash('sha256').update(der).digest('base64');
  const cached = parsedCache.get(key);
  if (cached) return cached;
  const parsed = parseUncached(der);
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(key, parsed);
  return parsed;
}

function parseUncached(der: Uint8Array): ParsedCertificate {
  const certificate = decodeCertificate(der);
  try {
    const subjectRdns = decodeName(nameDer(certificate.subject));
    const issuerRdns = decodeName(nameDer(certificate.issuer));
    return { der, certificate, subjectRdns, issuerRdns, info: describe(der, certificate, subjectRdns, issuerRdns) };
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    return malformed(`Malformed certificate: ${(error as Error).message}`, error);
  }
}

export function describeCertificate(der: Uint8Array): CertificateInfo {
  return parseCertificate(der).info;
}

/** Every certificate in a PEM bundle, a DER certificate or a `.p7b` bundle, decoded. */
export function decodeCertificates(input: Uint8Array): pkijs.Certificate[] {
  return certificatesFromBytes(input).map(decodeCertificate);
}

/** A certificate's DER as encoded (a decoded one keeps its original bytes). */
export function encodeCertificate(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema(true).toBER());
}

/** The SubjectPublicKeyInfo DER of a decoded certificate. */
export function spkiOf(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER());
}

function describe(der: Uint8Array, certificate: pkijs.Certificate, subjectRdns: Rdn[], issuerRdns: Rdn[]): CertificateInfo {
  const extension = (oid: string): pkijs.Extension | undefined => certificate.extensions?.find((item) => item.extnID === oid);
  const subjectAttributes = nameAttributes(subjectRdns);
  const { owner, organisation, title } = subjectNames(subjectRdns);
  const subject = formatDn(subjectRdns);
  const issuer = formatDn(issuerRdns);
  return {
    subject,
    subjectAttributes,
    issuer,
    issuerAttributes: nameAttributes(issuerRdns),
    serial: serialHex(certificate.serialNumber),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
    keyUsage: keyUsageOf(extension(OID_EXT_KEY_USAGE)),
    extendedKeyUsage: extendedKeyUsageOf(extension(OID_EXT_EXTENDED_KEY_USAGE)),
    basicConstraints: basicConstraintsOf(extension(OID_EXT_BASIC_CONSTRAINTS)),
    subjectKeyIdentifier: octetsHex(extension(OID_EXT_SUBJECT_KEY_IDENTIFIER)?.parsedValue),
    authorityKeyIdentifier: authorityKeyIdOf(extension(OID_EXT_AUTHORITY_KEY_IDENTIFIER)),
    fingerprintSha256: crypto.createHash('sha256').update(der).digest('hex'),
    publicKey: describePublicKey(certificate.subjectPublicKeyInfo),
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[certificate.signatureAlgorithm.algorithmId] ?? certificate.signatureAlgorithm.algorithmId,
    identifiers: extractIdentifiers(subjectRdns, directoryAttributesOf(extension(OID_EXT_SUBJECT_DIRECTORY_ATTRIBUTES))),
    owner,
    organisation,
    title,
    selfIssued: Buffer.from(nameDer(certificate.subject)).equals(Buffer.from(nameDer(certificate.issuer))),
  };
}

/** An INTEGER's magnitude as lower-case hex, without the sign-padding zero byte. */
export function serialHex(serial: asn1js.Integer): string {
  const bytes = Buffer.from(serial.valueBlock.valueHexView);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start).toString('hex');
}

/** KeyUsage bits by name, or null when the extension is absent. */
export function keyUsageOf(ext: pkijs.Extension | undefined): KeyUsageName[] | null {
  if (!ext) return null;
  const bits = ext.parsedValue;
  if (!(bits instanceof asn1js.BitString)) return malformed('Malformed keyUsage extension');
  const view = bits.valueBlock.valueHexView;
  return KEY_USAGE_NAMES.filter((_, index) => index < view.length * 8 && (view[index >> 3] & (0x80 >> (index & 7))) !== 0);
}

function extendedKeyUsageOf(ext: pkijs.Extension | undefined): string[] | null {
  if (!ext) return null;
  const value = ext.parsedValue;
  if (!(value instanceof pkijs.ExtKeyUsage)) return malformed('Malformed extendedKeyUsage extension');
  return value.keyPurposes.map((oid) => EXTENDED_KEY_USAGE_NAMES[oid] ?? oid);
}

function basicConstraintsOf(ext: pkijs.Extension | undefined): CertificateInfo['basicConstraints'] {
  if (!ext) return null;
  const value = ext.parsedValue;
  if (!(value instanceof pkijs.BasicConstraints)) return malformed('Malformed basicConstraints extension');
  const pathLength = value.pathLenConstraint;
  return {
    ca: value.cA === true,
    pathLength: pathLength === undefined ? null : typeof pathLength === 'number' ? pathLength : pathLength.valueBlock.valueDec,
  };
}

function octetsHex(value: unknown): string | null {
  if (value instanceof asn1js.OctetString) return Buffer.from(value.valueBlock.valueHexView).toString('hex');
  return null;
}

function authorityKeyIdOf(ext: pkijs.Extension | undefined): string | null {
  const value = ext?.parsedValue;
  if (value instanceof pkijs.AuthorityKeyIdentifier && value.keyIdentifier) return octetsHex(value.keyIdentifier);
  return null;
}

function directoryAttributesOf(ext: pkijs.Extension | undefined): DnAttribute[] {
  const value = ext?.parsedValue;
  if (!(value instanceof pkijs.SubjectDirectoryAttributes)) return [];
  return value.attributes.flatMap((attribute) => attribute.values.map((item) => decodeAttributeValue(attribute.type, item as asn1js.AsnType)));
}

const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const CURVE_OIDS: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

export function describePublicKey(spki: pkijs.PublicKeyInfo): PublicKeyDescription {
  const oid = spki.algorithm.algorithmId;
  const algorithm = PUBLIC_KEY_ALGORITHM_NAMES[oid] ?? oid;
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(spki.toSchema().toBER()), format: 'der', type: 'spki' });
    const details = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === 'ec' && details?.namedCurve) {
      const curve = CURVES[details.namedCurve] ?? details.namedCurve;
      return { algorithm, curve, description: `${algorithm} ${curve}` };
    }
    if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && details?.modulusLength) {
      return { algorithm, bits: details.modulusLength, description: `${algorithm} ${details.modulusLength}` };
    }
  } catch {
    // Keys node:crypto does not know (DSTU 4145, GOST, unnamed curves) are described from the OIDs alone.
  }
  if (algorithm === 'DSTU 4145') {
    try {
      const key = keyAlgorithmOfSpki(new Uint8Array(spki.toSchema().toBER()));
      const curve = key.kind === 'DSTU4145' ? (key.curve === 'explicit' ? 'explicit curve' : key.curve) : undefined;
      if (curve) return { algorithm, curve, description: `${algorithm} ${curve}` };
    } catch {
      // A DSTU key the crypto core cannot read is still named.
    }
  }
  const params = spki.algorithm.algorithmParams;
  if (algorithm === 'EC' && params instanceof asn1js.ObjectIdentifier) {
    const curve = CURVE_OIDS[params.getValue()] ?? params.getValue();
    return { algorithm, curve, description: `${algorithm} ${curve}` };
  }
  return { algorithm, description: algorithm };
}
