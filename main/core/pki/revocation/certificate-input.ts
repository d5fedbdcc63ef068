import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../../preload/contract/errors';
import { certificatesFromBytes } from '../certificate-input';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** The DER bodies of every PEM block with one of `labels`, or the input itself when it is not PEM. */
export function derBlocks(input: Uint8Array | string, labels: readonly string[]): Uint8Array[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (!text.includes('-----BEGIN ')) {
    return typeof input === 'string' ? [] : [input];
  }
  const blocks: Uint8Array[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    if (labels.includes(match[1]!)) blocks.push(new Uint8Array(Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64')));
  }
  return blocks;
}

/** Parses one X.509 certificate from DER or PEM (the first of a bundle). */
export function parseCertificate(input: Uint8Array): pkijs.Certificate {
  return parseCertificates(input)[0]!;
}

export function certificateFromDer(der: Uint8Array): pkijs.Certificate {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.length) throw new Error(asn1.result.error || 'trailing data');
    return new pkijs.Certificate({ schema: asn1.result });
  } catch (error) {
    throw new SigndeskError('ERR_CERT_MALFORMED', `Not an X.509 certificate: ${(error as Error).message}`, undefined, { cause: error });
  }
}

/** Every certificate in a PEM bundle, a DER certificate or a PKCS#7 certs-only bundle (.p7b/.p7c). */
export function parseCertificates(input: Uint8Array): pkijs.Certificate[] {
  return certificatesFromBytes(input).map(certificateFromDer);
}

export function certificateDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.toSchema(true).toBER());
}

export function certificatePem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

/** Serial number as lower-case hex without leading zero bytes (as `openssl x509 -serial`, lower-cased). */
export function serialHex(cert: pkijs.Certificate): string {
  return integerHex(cert.serialNumber);
}

export function integerHex(value: asn1js.Integer): string {
  const hex = Buffer.from(value.valueBlock.valueHexView).toString('hex');
  return hex.replace(/^(00)+(?=.)/, '') || '00';
}

/** The DER of a Name as it appears in the certificate (for byte comparison and hashing). */
export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(name.toSchema().toBER());
}

export function namesEqual(a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames): boolean {
  return Buffer.from(nameDer(a)).equals(Buffer.from(nameDer(b))) || a.isEqual(b);
}

/** A short human form of a Name (`CN=…, O=…`) for messages; the pki feature owns full RFC 4514 formatting. */
export function nameText(name: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L' };
  return name.typesAndValues.map((tv) => `${short[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`).join(', ');
}

export function spkiDer(cert: pkijs.Certificate): Uint8Array {
  return new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER());
}
