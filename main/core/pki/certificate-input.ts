import fs from 'node:fs/promises';
import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../preload/contract/errors';
import { assertSaneDer } from '../crypto/der-guard';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function malformed(message: string): never {
  throw new SigndeskError('ERR_CERT_MALFORMED', message);
}

/**
 * The DER certificates in a file's bytes: PEM (one or more CERTIFICATE blocks, or a PKCS7 block), a DER
 * certificate, or a DER/BER `.p7b` bundle (certs-only SignedData). Throws ERR_CERT_MALFORMED otherwise.
 */
export function certificatesFromBytes(bytes: Uint8Array): Uint8Array[] {
  const text = looksLikePem(bytes) ? Buffer.from(bytes).toString('latin1') : undefined;
  if (text !== undefined) {
    const found: Uint8Array[] = [];
    for (const match of text.matchAll(PEM_BLOCK)) {
      const label = match[1];
      const der = Uint8Array.from(Buffer.from(match[2].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
      if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE') found.push(checkedCertificate(der));
      else if (label === 'PKCS7' || label === 'CMS') found.push(...certificatesFromBundle(der));
    }
    if (found.length === 0) malformed('No certificate found in the PEM data');
    return found;
  }
  if (isSignedDataContentInfo(bytes)) return certificatesFromBundle(bytes);
  return [checkedCertificate(bytes)];
}

export async function readCertificatesFile(path: string): Promise<Uint8Array[]> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE';
    throw new SigndeskError(code, `Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return certificatesFromBytes(new Uint8Array(bytes));
  } catch (error) {
    if (error instanceof SigndeskError) throw new SigndeskError(error.code, `${path}: ${error.message}`);
    throw error;
  }
}

function looksLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('latin1');
  return head.includes('-----BEGIN ');
}

function checkedCertificate(der: Uint8Array): Uint8Array {
  assertSaneDer(der, { code: 'ERR_CERT_MALFORMED', what: 'certificate' });
  return der;
}

function isSignedDataContentInfo(bytes: Uint8Array): boolean {
  // SEQUENCE { OID 1.2.840.113549.1.7.2, ... }: the OID's DER is 06 09 2a 86 48 86 f7 0d 01 07 02.
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  if (bytes[0] !== 0x30) return false;
  const lengthBytes = bytes[1] === 0x80 ? 0 : bytes[1] & 0x80 ? bytes[1] & 0x7f : 0;
  const start = 2 + lengthBytes;
  return oid.every((byte, index) => bytes[start + index] === byte);
}

/** The certificates of a `.p7b` (ContentInfo with SignedData), kept as their original DER. */
export function certificatesFromBundle(der: Uint8Array): Uint8Array[] {
  assertSaneDer(der, { code: 'ERR_CERT_MALFORMED', what: 'certificate bundle', allowIndefinite: true });
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) malformed('Malformed certificate bundle');
  const [oid, wrapped] = (parsed.result as asn1js.Sequence).valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier) || oid.getValue() !== OID_SIGNED_DATA || !(wrapped instanceof asn1js.Constructed)) {
    malformed('The bundle is not a PKCS#7 SignedData');
  }
  const signedData = (wrapped as asn1js.Constructed).valueBlock.value[0];
  if (!(signedData instanceof asn1js.Sequence)) return malformed('Malformed PKCS#7 SignedData');
  const certificatesField = signedData.valueBlock.value.find((item) => item.idBlock.tagClass === 3 && item.idBlock.tagNumber === 0);
  if (!(certificatesField instanceof asn1js.Constructed)) return [];
  return certificatesField.valueBlock.value
    .filter((item) => item instanceof asn1js.Sequence)
    .map((item) => checkedCertificate(new Uint8Array(item.valueBeforeDecodeView)));
}

/** The DER bodies of every PEM block with one of `labels`, or the input itself when it is not PEM. */
export function pemBlocks(input: Uint8Array | string, labels: readonly string[]): Uint8Array[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (!text.includes('-----BEGIN ')) return typeof input === 'string' ? [] : [input];
  const blocks: Uint8Array[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    if (labels.includes(match[1]!)) blocks.push(new Uint8Array(Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64')));
  }
  return blocks;
}

export function certificatePem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}
