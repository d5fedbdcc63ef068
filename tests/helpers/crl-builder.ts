import crypto from 'node:crypto';
import { algorithmIdentifier, contextConstructed, oid, sequence, smallInteger, tlv, unsignedInteger } from '../../main/core/crypto/der';
import { subjectDerOf } from '../../main/core/pki/certificate-pool';

/**
 * CRLs built with our ASN.1 layer (the DER writer) and signed by node:crypto, for RFC 5280 §5 features `openssl ca`
 * cannot write: certificateIssuer entry extensions (indirect CRLs), unknown critical entry extensions, any
 * issuingDistributionPoint. ECDSA-with-SHA256 issuers only (the test CAs are EC).
 */
export interface CrlEntry {
  serial: Uint8Array;
  revokedAt: Date;
  reason?: number;
  /** certificateIssuer (an indirect CRL's entry for another CA): that CA's Name DER. */
  certificateIssuer?: Uint8Array;
  /** An unknown critical entry extension. */
  unknownCritical?: boolean;
}

export interface CrlExtension {
  oid: string;
  critical?: boolean;
  /** The extnValue content (DER of the extension's value). */
  value: Uint8Array;
}

export function generalizedTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return tlv(0x18, Buffer.from(text, 'ascii'));
}

export function extension(item: CrlExtension): Uint8Array {
  return sequence(oid(item.oid), ...(item.critical ? [Uint8Array.of(0x01, 0x01, 0xff)] : []), tlv(0x04, item.value));
}

export function buildCrl(options: { issuerCertDer: Uint8Array; issuerKeyPem: string; entries?: CrlEntry[]; extensions?: CrlExtension[]; thisUpdate?: Date; nextUpdate?: Date; number?: number }): Uint8Array {
  const now = Date.now();
  const signatureAlgorithm = algorithmIdentifier('1.2.840.10045.4.3.2');
  const entries = (options.entries ?? []).map((entry) => {
    const extensions: Uint8Array[] = [];
    if (entry.reason !== undefined) extensions.push(extension({ oid: '2.5.29.21', value: tlv(0x0a, Uint8Array.of(entry.reason)) }));
    if (entry.certificateIssuer) extensions.push(extension({ oid: '2.5.29.29', critical: true, value: sequence(contextConstructed(4, entry.certificateIssuer)) }));
    if (entry.unknownCritical) extensions.push(extension({ oid: '1.2.3.4.5.6', critical: true, value: Uint8Array.of(0x05, 0x00) }));
    return sequence(unsignedInteger(entry.serial), generalizedTime(entry.revokedAt), ...(extensions.length > 0 ? [sequence(...extensions)] : []));
  });
  const crlExtensions = [extension({ oid: '2.5.29.20', value: smallInteger(options.number ?? 1) }), ...(options.extensions ?? []).map(extension)];
  const tbs = sequence(
    smallInteger(1),
    signatureAlgorithm,
    subjectDerOf(options.issuerCertDer) as Uint8Array,
    generalizedTime(options.thisUpdate ?? new Date(now - 3600_000)),
    generalizedTime(options.nextUpdate ?? new Date(now + 24 * 3600_000)),
    ...(entries.length > 0 ? [sequence(...entries)] : []),
    contextConstructed(0, sequence(...crlExtensions)),
  );
  const signature = crypto.sign('sha256', tbs, { key: crypto.createPrivateKey(options.issuerKeyPem), dsaEncoding: 'der' });
  return sequence(tbs, signatureAlgorithm, tlv(0x03, Uint8Array.of(0), new Uint8Array(signature)));
}

/** IssuingDistributionPoint value: [0] fullName URIs, [1] onlyContainsUserCerts, [2] onlyContainsCACerts, [3] onlySomeReasons, [4] indirectCRL. */
export function issuingDistributionPoint(options: { uris?: string[]; onlyUser?: boolean; onlyCa?: boolean; reasons?: number[]; indirect?: boolean }): Uint8Array {
  const fields: Uint8Array[] = [];
  if (options.uris) fields.push(contextConstructed(0, contextConstructed(0, ...options.uris.map((uri) => tlv(0x86, Buffer.from(uri, 'ascii'))))));
  if (options.onlyUser) fields.push(Uint8Array.of(0x81, 0x01, 0xff));
  if (options.onlyCa) fields.push(Uint8Array.of(0x82, 0x01, 0xff));
  if (options.reasons) fields.push(tlv(0x83, reasonFlags(options.reasons)));
  if (options.indirect) fields.push(Uint8Array.of(0x84, 0x01, 0xff));
  return sequence(...fields);
}

/** ReasonFlags bits (1 keyCompromise … 8 aACompromise) as BIT STRING content. */
function reasonFlags(bits: number[]): Uint8Array {
  let value = 0;
  for (const bit of bits) value |= 0x8000 >> bit;
  return Uint8Array.of(7, value >> 8, value & 0xff);
}

export function serialOf(certDer: Uint8Array): Uint8Array {
  const hex = crypto.X509Certificate ? new crypto.X509Certificate(certDer).serialNumber : '';
  return new Uint8Array(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}
