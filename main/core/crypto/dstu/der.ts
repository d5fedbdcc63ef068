import * as asn1js from 'asn1js';
import { SigndeskError, type ErrorCode } from '../../../../preload/contract/errors';
import { assertSaneDer } from '../der-guard';

/**
 * The few DER reads the DSTU module needs (parameters, SubjectPublicKeyInfo, PrivateKeyInfo), through the
 * structural guard before asn1js, each failure a SigndeskError with the caller's code.
 */
export class DerReader {
  readonly #code: ErrorCode;
  readonly #what: string;

  constructor(code: ErrorCode, what: string) {
    this.#code = code;
    this.#what = what;
  }

  fail(reason: string): never {
    throw new SigndeskError(this.#code, `The ${this.#what} is not valid: ${reason}`);
  }

  parse(bytes: Uint8Array): asn1js.AsnType {
    assertSaneDer(bytes, { code: this.#code, what: this.#what });
    const parsed = asn1js.fromBER(bytes);
    if (parsed.offset === -1 || parsed.offset !== bytes.length) this.fail('unreadable DER');
    return parsed.result;
  }

  items(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
    if (!(node instanceof asn1js.Sequence)) this.fail(`${what}: expected a SEQUENCE`);
    return node.valueBlock.value as asn1js.AsnType[];
  }

  oid(node: asn1js.AsnType | undefined, what: string): string {
    if (!(node instanceof asn1js.ObjectIdentifier)) this.fail(`${what}: expected an OBJECT IDENTIFIER`);
    return node.valueBlock.toString();
  }

  /** A non-negative INTEGER as minimal big-endian bytes. */
  unsigned(node: asn1js.AsnType | undefined, what: string): Uint8Array {
    if (!(node instanceof asn1js.Integer)) this.fail(`${what}: expected an INTEGER`);
    const bytes = new Uint8Array(node.valueBlock.valueHexView);
    if (bytes.length === 0 || bytes[0] & 0x80) this.fail(`${what}: expected a non-negative INTEGER`);
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    return bytes.slice(start);
  }

  small(node: asn1js.AsnType | undefined, what: string, max: number): number {
    const bytes = this.unsigned(node, what);
    if (bytes.length > 4) this.fail(`${what}: out of range`);
    const value = bytes.reduce((acc, byte) => acc * 256 + byte, 0);
    if (value > max) this.fail(`${what}: out of range`);
    return value;
  }

  octets(node: asn1js.AsnType | undefined, what: string): Uint8Array {
    if (!(node instanceof asn1js.OctetString) || node.idBlock.isConstructed) this.fail(`${what}: expected an OCTET STRING`);
    return new Uint8Array(node.valueBlock.valueHexView);
  }

  /** The bytes of a BIT STRING with no unused bits. */
  bitStringBytes(node: asn1js.AsnType | undefined, what: string): Uint8Array {
    if (!(node instanceof asn1js.BitString) || node.idBlock.isConstructed) this.fail(`${what}: expected a BIT STRING`);
    if (node.valueBlock.unusedBits !== 0) this.fail(`${what}: unexpected unused bits`);
    return new Uint8Array(node.valueBlock.valueHexView);
  }
}

export function encodeDer(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

/** A non-negative INTEGER from big-endian bytes (adds the sign byte when needed). */
export function unsignedInteger(bytes: Uint8Array): asn1js.Integer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const value = trimmed[0] & 0x80 ? Uint8Array.from([0, ...trimmed]) : Uint8Array.from(trimmed);
  return new asn1js.Integer({ valueHex: value });
}

export function reversed(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes).reverse();
}
