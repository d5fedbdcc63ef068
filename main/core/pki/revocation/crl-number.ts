import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';

/** A CRL number (cRLNumber, BaseCRLNumber: non-negative INTEGERs up to 20 octets) as minimal big-endian hex. */
export type CrlNumber = string;

/** The INTEGER value of a CRL extension (cRLNumber, deltaCRLIndicator), or undefined when absent or not an INTEGER. */
export function crlNumberExtension(crl: pkijs.CertificateRevocationList, oid: string): CrlNumber | undefined {
  const extension = crl.crlExtensions?.extensions.find((item) => item.extnID === oid);
  if (!extension) return undefined;
  const parsed = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Integer)) return undefined;
  const hex = Buffer.from(parsed.result.valueBlock.valueHexView).toString('hex').replace(/^(00)+/, '');
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

/** Orders two CRL numbers: negative when `a` is older, 0 when equal, positive when newer. */
export function compareCrlNumbers(a: CrlNumber, b: CrlNumber): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
