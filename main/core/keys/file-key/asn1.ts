import * as asn1js from 'asn1js';

/** Thrown for DER we cannot read; callers turn it into their own "corrupt" code. */
export class MalformedStructure extends Error {}

export function parseDer(der: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new MalformedStructure(`${what}: not valid DER`);
  return parsed.result;
}

export function sequenceItems(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence) && !(node instanceof asn1js.Set)) throw new MalformedStructure(`${what}: expected a SEQUENCE`);
  return node.valueBlock.value as asn1js.AsnType[];
}

export function oidValue(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new MalformedStructure(`${what}: expected an OID`);
  return node.valueBlock.toString();
}

/** The inside of a `[n] EXPLICIT` tag. */
export function explicitContent(node: asn1js.AsnType | undefined, what: string): asn1js.AsnType {
  if (!(node instanceof asn1js.Constructed) || node.idBlock.tagClass !== 3) throw new MalformedStructure(`${what}: expected a context tag`);
  const inner = node.valueBlock.value[0];
  if (!inner) throw new MalformedStructure(`${what}: empty context tag`);
  return inner as asn1js.AsnType;
}

/**
 * The bytes of an OCTET STRING, or of an `[n] IMPLICIT OCTET STRING`, primitive or constructed
 * (BER writers such as Windows split long contents into chunks).
 */
export function octetValue(node: asn1js.AsnType | undefined, what: string): Uint8Array {
  if (!node) throw new MalformedStructure(`${what}: missing`);
  const block = node as asn1js.BaseBlock & { valueBlock: { isConstructed?: boolean; value?: asn1js.AsnType[]; valueHexView?: Uint8Array } };
  const isOctetString = node instanceof asn1js.OctetString || block.idBlock.tagClass === 3;
  if (!isOctetString) throw new MalformedStructure(`${what}: expected an OCTET STRING`);
  if (block.idBlock.isConstructed) {
    const parts = (block.valueBlock.value ?? []).map((part) => octetValue(part, what));
    return new Uint8Array(Buffer.concat(parts));
  }
  return new Uint8Array(block.valueBlock.valueHexView ?? new Uint8Array(0));
}

export function smallInteger(node: asn1js.AsnType | undefined, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw new MalformedStructure(`${what}: expected an INTEGER`);
  return node.valueBlock.valueDec;
}

export function der(node: asn1js.AsnType): Uint8Array {
  return new Uint8Array(node.toBER(false));
}
