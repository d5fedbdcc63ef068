import * as asn1js from 'asn1js';
import { assertSaneDer } from '../../crypto/der-guard';
import { corrupt } from './container-limits';

/** DER reading for containers: the structural guard first, then asn1js; failures are ERR_KEY_FILE_CORRUPT. */
export class ContainerDer {
  constructor(readonly format: string) {}

  fail(reason: string): never {
    throw corrupt(this.format, reason);
  }

  /** One element (BER indefinite lengths allowed: PKCS#12 writers use them); trailing data optional. */
  parse(bytes: Uint8Array, what: string, allowTrailing = false): asn1js.AsnType {
    assertSaneDer(bytes, { code: 'ERR_KEY_FILE_CORRUPT', what: `${this.format} ${what}`, allowIndefinite: true, allowTrailing });
    const parsed = asn1js.fromBER(bytes);
    if (parsed.offset === -1 || (!allowTrailing && parsed.offset !== bytes.length)) this.fail(`${what} is not readable DER`);
    return parsed.result;
  }

  items(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
    if (!(node instanceof asn1js.Sequence) && !(node instanceof asn1js.Set)) this.fail(`${what}: expected a SEQUENCE`);
    return node.valueBlock.value as asn1js.AsnType[];
  }

  oid(node: asn1js.AsnType | undefined, what: string): string {
    if (!(node instanceof asn1js.ObjectIdentifier)) this.fail(`${what}: expected an OBJECT IDENTIFIER`);
    return node.valueBlock.toString();
  }

  integer(node: asn1js.AsnType | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number {
    if (!(node instanceof asn1js.Integer)) this.fail(`${what}: expected an INTEGER`);
    const bytes = node.valueBlock.valueHexView;
    if (bytes.length > 7 || (bytes.length > 0 && bytes[0] & 0x80)) this.fail(`${what}: out of range`);
    const value = bytes.reduce((acc, byte) => acc * 256 + byte, 0);
    if (value > max) this.fail(`${what}: out of range`);
    return value;
  }

  /** OCTET STRING or [n] IMPLICIT OCTET STRING, primitive or constructed (BER chunks). */
  octets(node: asn1js.AsnType | undefined, what: string): Uint8Array {
    if (!node) this.fail(`${what}: missing`);
    const block = node as asn1js.BaseBlock & { valueBlock: { value?: asn1js.AsnType[]; valueHexView?: Uint8Array } };
    if (!(node instanceof asn1js.OctetString) && block.idBlock.tagClass !== 3) this.fail(`${what}: expected an OCTET STRING`);
    if (block.idBlock.isConstructed) return new Uint8Array(Buffer.concat((block.valueBlock.value ?? []).map((part) => this.octets(part, what))));
    return new Uint8Array(block.valueBlock.valueHexView ?? new Uint8Array(0));
  }

  /** The inside of `[tag] EXPLICIT`. */
  explicit(node: asn1js.AsnType | undefined, what: string, tag = 0): asn1js.AsnType {
    if (!(node instanceof asn1js.Constructed) || node.idBlock.tagClass !== 3 || node.idBlock.tagNumber !== tag) this.fail(`${what}: expected [${tag}]`);
    const inner = node.valueBlock.value[0];
    if (!inner) this.fail(`${what}: empty [${tag}]`);
    return inner as asn1js.AsnType;
  }

  /** The exact bytes the element was decoded from. */
  raw(node: asn1js.AsnType): Uint8Array {
    return new Uint8Array(node.valueBeforeDecodeView);
  }
}

export function der(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.toBER(false));
}
