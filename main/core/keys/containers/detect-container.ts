import * as asn1js from 'asn1js';
import { assertSaneDer } from '../../crypto/der-guard';
import type { ContainerFormat } from './container-types';
import { IIT_STORE_OID } from './iit-key6';

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** The DER inside a PEM armour (the first block), or the bytes themselves. */
export function unarmor(bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0 && bytes[0] !== 0x2d && bytes[0] !== 0x20 && bytes[0] !== 0x0a && bytes[0] !== 0x0d && bytes[0] !== 0x09) return bytes;
  const match = PEM.exec(Buffer.from(bytes).toString('latin1'));
  return match ? new Uint8Array(Buffer.from(match[2].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')) : bytes;
}

/** OIDs (DER-encoded, with their tag and length) that mark a container near its start. */
const MARKERS: { format: ContainerFormat; oid: string }[] = [
  { format: 'iit-key6', oid: '060c2b0601040181974601010102' },
  { format: 'pkcs8-encrypted', oid: '06092a864886f70d01050d' },
  { format: 'pkcs12', oid: '02010330' },
];

/**
 * A damaged or truncated file still names its format by the OIDs of its first bytes (the IIT store OID,
 * PBES2, a PFX's version 3), so that the reader can say it is damaged rather than unknown.
 */
function sniff(der: Uint8Array): ContainerFormat | 'unknown' {
  if (der.length < 8 || der[0] !== 0x30) return 'unknown';
  const head = Buffer.from(der.subarray(0, 48)).toString('hex');
  for (const marker of MARKERS) {
    const at = head.indexOf(marker.oid);
    if (at >= 0 && at % 2 === 0 && at <= 24) return marker.format;
  }
  return 'unknown';
}

function top(bytes: Uint8Array): asn1js.AsnType[] | undefined {
  try {
    assertSaneDer(bytes, { code: 'ERR_KEY_FILE_CORRUPT', what: 'key file', allowIndefinite: true });
    const parsed = asn1js.fromBER(bytes);
    return parsed.offset === bytes.length && parsed.result instanceof asn1js.Sequence ? (parsed.result.valueBlock.value as asn1js.AsnType[]) : undefined;
  } catch {
    return undefined;
  }
}

function oidOf(node: asn1js.AsnType | undefined): string | undefined {
  return node instanceof asn1js.ObjectIdentifier ? node.valueBlock.toString() : undefined;
}

function firstOid(node: asn1js.AsnType | undefined): string | undefined {
  return node instanceof asn1js.Sequence ? oidOf(node.valueBlock.value[0] as asn1js.AsnType) : undefined;
}

const PEM_LABELS: Record<string, ContainerFormat> = { 'ENCRYPTED PRIVATE KEY': 'pkcs8-encrypted', 'PRIVATE KEY': 'pkcs8', PKCS12: 'pkcs12' };

/** A PEM file whose body is damaged still says by its label what it was (so it is reported damaged, not unknown). */
function formatByPemLabel(bytes: Uint8Array): ContainerFormat | 'unknown' {
  if (bytes.length === 0 || bytes === unarmor(bytes)) return 'unknown';
  const label = PEM.exec(Buffer.from(bytes).toString('latin1'))?.[1];
  return (label && PEM_LABELS[label]) || 'unknown';
}

/**
 * Names a key container from its bytes alone (no password): JKS/JCEKS by their magic number, then the
 * DER shape (PEM armour removed): IIT Key-6.dat by its store OID, PKCS#12 by version 3 and a data
 * ContentInfo, an EncryptedPrivateKeyInfo by an algorithm and an OCTET STRING, a PrivateKeyInfo by
 * version, algorithm and key.
 */
export function detectContainer(bytes: Uint8Array): ContainerFormat | 'unknown' {
  if (bytes.length >= 4) {
    const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    if (magic === 0xfeedfeed) return 'jks';
    if (magic === 0xcececece) return 'jceks';
  }
  const der = unarmor(bytes);
  const items = top(der);
  if (!items) return sniff(der) === 'unknown' ? formatByPemLabel(bytes) : sniff(der);
  const [first, second, third] = items;
  if (items.length === 2 && firstOid(first) === IIT_STORE_OID && second instanceof asn1js.OctetString) return 'iit-key6';
  if (first instanceof asn1js.Integer && first.valueBlock.valueDec === 3 && firstOid(second) === '1.2.840.113549.1.7.1') return 'pkcs12';
  if (items.length === 2 && first instanceof asn1js.Sequence && firstOid(first) !== undefined && second instanceof asn1js.OctetString) return 'pkcs8-encrypted';
  if (first instanceof asn1js.Integer && first.valueBlock.valueDec <= 1 && firstOid(second) !== undefined && third instanceof asn1js.OctetString) return 'pkcs8';
  return 'unknown';
}
