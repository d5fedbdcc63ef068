import crypto from 'node:crypto';
import { digestAlgorithmIdentifier, OID_CONTENT_TYPE, OID_DATA, OID_MESSAGE_DIGEST, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME } from '../../main/core/cms/oids';
import { encodeSignedData } from '../../main/core/cms/signed-data';
import { signerCertificate } from '../../main/core/cms/signer-certificate';
import { algorithmIdentifier, concat, octetString, oid, retag, sequence, setOf, smallInteger, time, tlv } from '../../main/core/crypto/der';

/**
 * Builds CMS signatures with our ASN.1 layer (the DER writer) for cases OpenSSL cannot produce: attributes twice or
 * with two values, a contradicting CMSAlgorithmProtection, unsorted SETs, odd versions and signer identifiers,
 * counter-signatures to any depth. Each SignerInfo is really signed, so only the rule under test can fail.
 */
export interface SignerMaterial {
  certDer: Uint8Array;
  keyPem: string;
}

export function attribute(type: string, ...values: Uint8Array[]): Uint8Array {
  return sequence(oid(type), tlv(0x31, ...values));
}

/** contentType, signingTime, messageDigest, signingCertificateV2 over `content` (or a counter-signed signature value). */
export function baseAttributes(signer: SignerMaterial, messageDigest: Uint8Array, options: { contentType?: string | null; signingTime?: Date } = {}): Uint8Array[] {
  const attributes = [
    attribute(OID_SIGNING_TIME, time(options.signingTime ?? new Date())),
    attribute(OID_MESSAGE_DIGEST, octetString(messageDigest)),
    attribute(OID_SIGNING_CERTIFICATE_V2, signerCertificate(signer.certDer).signingCertificateV2('SHA-256')),
  ];
  if (options.contentType !== null) attributes.unshift(attribute(OID_CONTENT_TYPE, oid(options.contentType ?? OID_DATA)));
  return attributes;
}

export interface SignerInfoOptions {
  /** The SET of signed attributes as sent; default DER order. */
  unsorted?: boolean;
  /** Sign the DER (sorted) form even when sending it unsorted. */
  signDerForm?: boolean;
  version?: number;
  /** The signer identifier's DER (default IssuerAndSerialNumber). */
  sid?: Uint8Array;
  /** Unsigned attributes (Attribute DERs). */
  unsigned?: Uint8Array[];
  /** signatureAlgorithm DER; default ecdsa-with-SHA256. */
  signatureAlgorithm?: Uint8Array;
}

/** An ECDSA P-256 / SHA-256 SignerInfo over `attributes`. */
export function signerInfo(signer: SignerMaterial, attributes: Uint8Array[], options: SignerInfoOptions = {}): Uint8Array {
  const sorted = setOf(attributes);
  const sent = options.unsorted ? tlv(0x31, ...attributes) : sorted;
  const signed = options.signDerForm ? sorted : sent;
  const signature = crypto.sign('sha256', signed, { key: crypto.createPrivateKey(signer.keyPem), dsaEncoding: 'der' });
  const fields = [
    smallInteger(options.version ?? 1),
    options.sid ?? signerCertificate(signer.certDer).issuerAndSerial,
    digestAlgorithmIdentifier('SHA-256'),
    retag(sent, 0xa0),
    options.signatureAlgorithm ?? algorithmIdentifier('1.2.840.10045.4.3.2'),
    octetString(new Uint8Array(signature)),
  ];
  if (options.unsigned) fields.push(tlv(0xa1, ...options.unsigned));
  return sequence(...fields);
}

/** The signature value inside a SignerInfo built above (what a counter-signature signs). */
export function signatureValueOf(signerInfoDer: Uint8Array): Uint8Array {
  // The OCTET STRING after the signatureAlgorithm: find it by re-reading the fields.
  let offset = headerLength(signerInfoDer, 0);
  let last: { start: number; end: number } | undefined;
  while (offset < signerInfoDer.length) {
    const start = offset;
    const header = headerLength(signerInfoDer, offset);
    const length = contentLength(signerInfoDer, offset);
    offset += header + length;
    if (signerInfoDer[start] === 0x04) last = { start: start + header, end: offset };
  }
  return signerInfoDer.subarray(last!.start, last!.end);
}

function headerLength(bytes: Uint8Array, offset: number): number {
  const first = bytes[offset + 1]!;
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

function contentLength(bytes: Uint8Array, offset: number): number {
  const first = bytes[offset + 1]!;
  if (first < 0x80) return first;
  let length = 0;
  for (let index = 0; index < (first & 0x7f); index++) length = length * 256 + bytes[offset + 2 + index]!;
  return length;
}

/** ContentInfo { SignedData } around the SignerInfos (detached unless `content` is given). */
export function signedData(parts: { signerInfos: Uint8Array[]; certificates: Uint8Array[]; crls?: Uint8Array[]; version?: number; content?: Uint8Array }): Uint8Array {
  const encap = parts.content ? sequence(oid(OID_DATA), tlv(0xa0, octetString(parts.content))) : undefined;
  const { head, tail } = encodeSignedData({
    version: parts.version ?? 1,
    digestAlgorithms: [digestAlgorithmIdentifier('SHA-256')],
    ...(encap ? { encapContentInfo: encap } : {}),
    certificates: parts.certificates,
    crls: parts.crls ?? [],
    signerInfos: parts.signerInfos,
  });
  return concat([head, tail]);
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(crypto.createHash('sha256').update(data).digest());
}
