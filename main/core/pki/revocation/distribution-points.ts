import type * as pkijs from 'pkijs';
import { childNodes, concat, contentsOf, readNode, sequence, type DerNode } from '../../crypto/der';
import { nameDer } from '../dn';

/** ReasonFlags as a bit mask (bit i = ReasonFlags bit i); every reason that a CRL can cover. */
export const ALL_REASONS = 0x1fe;

/** A name in a comparable form: a directoryName as its DER (hex), any other GeneralName as its encoding (hex). */
export type NameKey = string;

export interface DistributionPointInfo {
  /** The names of the point (fullName, or nameRelativeToCRLIssuer resolved against the CRL issuer); absent: none given. */
  names?: NameKey[];
  /** Reasons the point covers; absent: all. */
  reasons?: number;
  /** cRLIssuer directory names (DER); absent: the certificate's issuer issues the CRL. */
  crlIssuers?: Uint8Array[];
}

export interface IssuingDistributionPointInfo {
  names?: NameKey[];
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  onlySomeReasons?: number;
  indirectCRL: boolean;
  onlyContainsAttributeCerts: boolean;
}

/** CRLDistributionPoints (RFC 5280 §4.2.1.13) of a certificate, read from the extension's DER. */
export function certificateDistributionPoints(certificate: pkijs.Certificate): DistributionPointInfo[] | undefined {
  const extension = certificate.extensions?.find((item) => item.extnID === '2.5.29.31');
  if (!extension) return undefined;
  const bytes = new Uint8Array(extension.extnValue.valueBlock.valueHexView);
  const issuerDer = nameDer(certificate.issuer);
  return childNodes(bytes, readNode(bytes)).map((point) => {
    const info: DistributionPointInfo = {};
    for (const field of childNodes(bytes, point)) {
      const number = field.tag & 0x1f;
      if (number === 0) info.names = distributionPointNames(bytes, field, undefined);
      else if (number === 1) info.reasons = reasonMask(contentsOf(bytes, field));
      else if (number === 2) info.crlIssuers = childNodes(bytes, field).filter((name) => name.tag === 0xa4).map((name) => innerOf(bytes, name));
    }
    // nameRelativeToCRLIssuer is relative to the CRL issuer: cRLIssuer when given, else the certificate's issuer.
    if (info.names === undefined) return info;
    const relative = relativeName(bytes, point);
    if (relative) info.names = [nameKey(appendRdn(info.crlIssuers?.[0] ?? issuerDer, relative))];
    return info;
  });
}

/** IssuingDistributionPoint (RFC 5280 §5.2.5) of a CRL, read from the extension's DER. */
export function issuingDistributionPoint(crl: pkijs.CertificateRevocationList): IssuingDistributionPointInfo | undefined {
  const extension = crl.crlExtensions?.extensions.find((item) => item.extnID === '2.5.29.28');
  if (!extension) return undefined;
  const bytes = new Uint8Array(extension.extnValue.valueBlock.valueHexView);
  const info: IssuingDistributionPointInfo = { onlyContainsUserCerts: false, onlyContainsCACerts: false, indirectCRL: false, onlyContainsAttributeCerts: false };
  for (const field of childNodes(bytes, readNode(bytes))) {
    const number = field.tag & 0x1f;
    const flag = (): boolean => contentsOf(bytes, field)[0] !== 0;
    if (number === 0) info.names = distributionPointNames(bytes, field, nameDer(crl.issuer));
    else if (number === 1) info.onlyContainsUserCerts = flag();
    else if (number === 2) info.onlyContainsCACerts = flag();
    else if (number === 3) info.onlySomeReasons = reasonMask(contentsOf(bytes, field));
    else if (number === 4) info.indirectCRL = flag();
    else if (number === 5) info.onlyContainsAttributeCerts = flag();
  }
  return info;
}

/** DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN }. */
function distributionPointNames(bytes: Uint8Array, field: DerNode, issuerDer: Uint8Array | undefined): NameKey[] | undefined {
  const [choice] = childNodes(bytes, field);
  if (!choice) return undefined;
  if ((choice.tag & 0x1f) === 0) return childNodes(bytes, choice).map((name) => generalNameKey(bytes, name));
  // nameRelativeToCRLIssuer: resolved by the caller when the CRL issuer is known.
  if (issuerDer) return [nameKey(appendRdn(issuerDer, retagged(bytes, choice, 0x31)))];
  return [];
}

function relativeName(bytes: Uint8Array, point: DerNode): Uint8Array | undefined {
  const field = childNodes(bytes, point).find((item) => (item.tag & 0x1f) === 0);
  const choice = field ? childNodes(bytes, field)[0] : undefined;
  return choice && (choice.tag & 0x1f) === 1 ? retagged(bytes, choice, 0x31) : undefined;
}

function retagged(bytes: Uint8Array, node: DerNode, tag: number): Uint8Array {
  const copy = Uint8Array.from(bytes.subarray(node.start, node.end));
  copy[0] = tag;
  return copy;
}

function innerOf(bytes: Uint8Array, node: DerNode): Uint8Array {
  return contentsOf(bytes, node);
}

function appendRdn(nameDerBytes: Uint8Array, rdn: Uint8Array): Uint8Array {
  const outer = readNode(nameDerBytes);
  return sequence(concat(childNodes(nameDerBytes, outer).map((item) => nameDerBytes.subarray(item.start, item.end))), rdn);
}

function generalNameKey(bytes: Uint8Array, name: DerNode): NameKey {
  if (name.tag === 0xa4) return nameKey(contentsOf(bytes, name));
  return `gn:${Buffer.from(bytes.subarray(name.start, name.end)).toString('hex')}`;
}

export function nameKey(nameDerBytes: Uint8Array): NameKey {
  return `dn:${Buffer.from(nameDerBytes).toString('hex')}`;
}

/** ReasonFlags BIT STRING content (unused-bits byte first) → mask. */
function reasonMask(content: Uint8Array): number {
  let mask = 0;
  for (let bit = 0; bit < 9; bit++) {
    const byte = content[1 + (bit >> 3)];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) mask |= 1 << bit;
  }
  return mask;
}
