import * as asn1js from 'asn1js';
import { SigndeskError } from '../../../../preload/contract/errors';

/** `[n] EXPLICIT inner` */
export function explicit(tagNumber: number, inner: asn1js.AsnType): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [inner as asn1js.BaseBlock] });
}

/** `[n] IMPLICIT SEQUENCE {…}` from the elements of a SEQUENCE. */
export function implicitConstructed(tagNumber: number, elements: asn1js.AsnType[]): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: elements as asn1js.BaseBlock[] });
}

/** `[n] IMPLICIT` primitive with the given content octets. */
export function implicitPrimitive(tagNumber: number, content: Uint8Array): asn1js.Primitive {
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: content });
}

export function parseDer(der: Uint8Array, what: string): asn1js.AsnType {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.length) throw malformed(what, asn1.result.error || 'trailing data');
  return asn1.result;
}

export function malformed(what: string, detail: string): SigndeskError {
  return new SigndeskError('ERR_CA_RESPONSE_INVALID', `Malformed ${what} from the CA: ${detail}`);
}

export function toDer(value: asn1js.AsnType | { toSchema(): asn1js.AsnType }): Uint8Array {
  const schema = 'toSchema' in value && typeof value.toSchema === 'function' ? value.toSchema() : (value as asn1js.AsnType);
  return new Uint8Array(schema.toBER());
}

/** The elements of a constructed value (SEQUENCE, SET or context-tagged). */
export function children(value: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const block = value as { valueBlock?: { value?: unknown } } | undefined;
  return Array.isArray(block?.valueBlock?.value) ? (block.valueBlock.value as asn1js.AsnType[]) : [];
}

export function isContext(value: asn1js.AsnType | undefined, tagNumber?: number): boolean {
  const id = (value as asn1js.BaseBlock | undefined)?.idBlock;
  return id !== undefined && id.tagClass === 3 && (tagNumber === undefined || id.tagNumber === tagNumber);
}

export function tagNumberOf(value: asn1js.AsnType): number {
  return (value as asn1js.BaseBlock).idBlock.tagNumber;
}

/** The content octets of a primitive, the exact encoding of any element. */
export function contentBytes(value: asn1js.AsnType): Uint8Array {
  return new Uint8Array((value as asn1js.BaseBlock & { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView);
}

export function encodedBytes(value: asn1js.AsnType): Uint8Array {
  const view = (value as asn1js.BaseBlock).valueBeforeDecodeView;
  return view && view.length > 0 ? new Uint8Array(view) : new Uint8Array(value.toBER());
}

/** A DER SEQUENCE around already-encoded elements (ProtectedPart over the header and body as received). */
export function derSequence(parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30]), derLength(length), ...parts.map((part) => Buffer.from(part))]));
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function integerValue(value: asn1js.AsnType | undefined, what: string): number {
  if (!(value instanceof asn1js.Integer)) throw malformed(what, 'INTEGER expected');
  return value.valueBlock.valueDec;
}

/** PKIFreeText ::= SEQUENCE OF UTF8String */
export function freeText(value: asn1js.AsnType | undefined): string[] {
  return children(value).map((item) => (item instanceof asn1js.Utf8String ? item.valueBlock.value : String((item as asn1js.BaseStringBlock).getValue?.() ?? '')));
}

export function freeTextSchema(lines: readonly string[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: lines.map((line) => new asn1js.Utf8String({ value: line })) });
}
