import { SigndeskError } from '../../../preload/contract/errors';
import { compareBytes } from '../crypto/der';
import { derReencode } from './der-reencode';
import { malformed } from './signed-data-layout';
import { isContext, isUniversal, readTlv, signatureOidText, type Tlv } from './tlv';

export interface ParsedAttribute {
  type: string;
  /** The attrType OBJECT IDENTIFIER as received. */
  typeDer: Uint8Array;
  /** Each value as received. */
  values: Uint8Array[];
  /** The whole Attribute as received. */
  raw: Uint8Array;
}

export type SignerIdentifier =
  | { kind: 'issuerAndSerial'; issuer: Uint8Array; serial: Uint8Array }
  | { kind: 'subjectKeyIdentifier'; keyId: Uint8Array };

/** A structural defect of one SignerInfo: that signer fails, the others are still checked. */
export interface SignerFormatProblem {
  code: 'ERR_SIGNATURE_MALFORMED';
  message: string;
}

export interface ParsedSignerInfo {
  index: number;
  /** The SignerInfo exactly as it appears in the signature. */
  raw: Uint8Array;
  version: number;
  sid: SignerIdentifier;
  /** Each field as received, in order (archive time-stamps hash them). */
  fields: { version: Uint8Array; sid: Uint8Array; digestAlgorithm: Uint8Array; signedAttributes?: Uint8Array; signatureAlgorithm: Uint8Array; signature: Uint8Array };
  digestAlgorithm: string;
  /** The signed attributes as received, re-tagged as the SET the signature covers; absent without signed attributes. */
  signedAttributesDer?: Uint8Array;
  /** Whether the received signed attributes are DER; when not, `signedAttributesReencoded` is their DER form. */
  signedAttributesIsDer: boolean;
  signedAttributesReencoded?: Uint8Array;
  signedAttributes?: ParsedAttribute[];
  /** The signatureAlgorithm AlgorithmIdentifier, as received. */
  signatureAlgorithm: Uint8Array;
  signature: Uint8Array;
  unsignedAttributes: ParsedAttribute[];
  problems: SignerFormatProblem[];
}

/** The SignerInfo's fields as received, from version to signature: everything but the unsigned attributes. */
export function fieldsBeforeUnsignedAttributes(signer: ParsedSignerInfo): Uint8Array[] {
  const { fields } = signer;
  return [fields.version, fields.sid, fields.digestAlgorithm, ...(fields.signedAttributes ? [fields.signedAttributes] : []), fields.signatureAlgorithm, fields.signature];
}

/** One SignerInfo from its bytes (a counter-signature value is one). */
export function parseSignerInfoBytes(bytes: Uint8Array, index: number): ParsedSignerInfo {
  let tlv: Tlv;
  try {
    tlv = readTlv(bytes, 'SignerInfo');
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    return malformed(`SignerInfo: ${(error as Error).message}`);
  }
  return parseSignerInfo(tlv, index);
}

export function parseSignerInfo(item: Tlv, index: number): ParsedSignerInfo {
  try {
    return parse(item, index);
  } catch (error) {
    if (error instanceof SigndeskError && error.code === 'ERR_SIGNATURE_MALFORMED') throw error;
    return malformed((error as Error).message);
  }
}

function parse(item: Tlv, index: number): ParsedSignerInfo {
  const signerInfo = expectUniversal(item, 16, 'SignerInfo');
  const fields = signerInfo.children();
  const problems: SignerFormatProblem[] = [];
  let position = 0;
  const versionField = expectUniversal(fields[position++], 2, 'SignerInfo version');
  const version = smallInteger(versionField, 'SignerInfo version');
  const sidField = fields[position++];
  let sid: SignerIdentifier;
  if (sidField && isUniversal(sidField, 16)) {
    const [issuer, serial, extra] = sidField.children();
    expectUniversal(issuer, 16, 'sid issuer');
    // RFC 5652 §10.2.4: CertificateSerialNumber is an INTEGER; an ENUMERATED or any other tag is not one.
    const serialField = expectUniversal(serial, 2, 'sid serial number');
    if (extra) malformed('trailing fields in the signer identifier');
    sid = { kind: 'issuerAndSerial', issuer: issuer!.raw, serial: serialField.content };
  } else if (sidField && isContext(sidField, 0) && !sidField.constructed) {
    sid = { kind: 'subjectKeyIdentifier', keyId: sidField.content };
  } else {
    return malformed('bad signer identifier');
  }
  // RFC 5652 §5.3: version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
  const expectedVersion = sid.kind === 'issuerAndSerial' ? 1 : 3;
  if (version !== expectedVersion) {
    problems.push({ code: 'ERR_SIGNATURE_MALFORMED', message: `SignerInfo version ${version} with a ${sid.kind === 'issuerAndSerial' ? 'issuer-and-serial' : 'subject key identifier'} signer identifier (RFC 5652 §5.3 requires ${expectedVersion})` });
  }
  const digestField = expectUniversal(fields[position++], 16, 'digestAlgorithm');
  const digestAlgorithm = algorithmOid(digestField);
  let signedAttributesRaw: Uint8Array | undefined;
  let signedAttributesDer: Uint8Array | undefined;
  let signedAttributesReencoded: Uint8Array | undefined;
  let signedAttributesIsDer = true;
  let signedAttributes: ParsedAttribute[] | undefined;
  const next = fields[position];
  if (next && isContext(next, 0)) {
    if (!next.constructed) malformed('signed attributes are not a SET');
    signedAttributesRaw = next.raw;
    signedAttributesDer = Uint8Array.from(signedAttributesRaw);
    signedAttributesDer[0] = 0x31;
    signedAttributes = attributesOf(next);
    if (!isCanonical(next, true)) {
      const reencoded = derReencode(next, { set: true });
      reencoded[0] = 0x31;
      if (!Buffer.from(reencoded).equals(Buffer.from(signedAttributesDer))) {
        signedAttributesIsDer = false;
        signedAttributesReencoded = reencoded;
      }
    }
    position++;
  }
  const signatureAlgorithmField = expectUniversal(fields[position++], 16, 'signatureAlgorithm');
  const signatureField = expectUniversal(fields[position++], 4, 'signature');
  let unsignedAttributes: ParsedAttribute[] = [];
  const unsigned = fields[position];
  if (unsigned && isContext(unsigned, 1)) {
    if (!unsigned.constructed) malformed('unsigned attributes are not a SET');
    unsignedAttributes = attributesOf(unsigned);
    position++;
  }
  if (position !== fields.length) malformed('unexpected fields at the end of a SignerInfo');
  return {
    index,
    raw: signerInfo.raw,
    version,
    sid,
    fields: {
      version: versionField.raw,
      sid: sidField.raw,
      digestAlgorithm: digestField.raw,
      ...(signedAttributesRaw ? { signedAttributes: signedAttributesRaw } : {}),
      signatureAlgorithm: signatureAlgorithmField.raw,
      signature: signatureField.raw,
    },
    digestAlgorithm,
    signedAttributesDer,
    signedAttributesIsDer,
    signedAttributesReencoded,
    signedAttributes,
    signatureAlgorithm: signatureAlgorithmField.raw,
    signature: octets(signatureField),
    unsignedAttributes,
    problems,
  };
}

/**
 * Whether a received element is already in DER as far as a re-encoding would change it: read by the DER module (definite,
 * minimal lengths), no chunked strings, every SET's members in order. Then no re-encoding is made (the hot path).
 */
function isCanonical(element: Tlv, set: boolean): boolean {
  if (element.indefinite) return false;
  // Minimal length octets: the element is exactly tag + shortest length + content.
  const length = element.content.length;
  const lengthOctets = length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5;
  if (element.raw.length - length - lengthOctets !== tagLength(element.raw)) return false;
  if (!element.constructed) return true;
  if (element.tagClass === 0 && STRING_TAGS.has(element.tagNumber)) return false;
  const children = element.children();
  if (set || (element.tagClass === 0 && element.tagNumber === 17)) {
    for (let index = 1; index < children.length; index++) if (compareBytes(children[index - 1]!.raw, children[index]!.raw) > 0) return false;
  }
  return children.every((child) => isCanonical(child, false));
}

function tagLength(raw: Uint8Array): number {
  let length = 1;
  if ((raw[0]! & 0x1f) === 0x1f) while (raw[length++]! & 0x80);
  return length;
}

const STRING_TAGS = new Set([4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 30]);
const oidNames = new Map<string, string>();

/** OBJECT IDENTIFIER content → dotted text, remembered (a packet repeats the same few attribute types). */
function oidOf(content: Uint8Array): string {
  const key = Buffer.from(content).toString('latin1');
  let text = oidNames.get(key);
  if (text === undefined) {
    text = signatureOidText(content);
    if (oidNames.size < 4096) oidNames.set(key, text);
  }
  return text;
}

/** The attributes of a [0]/[1] IMPLICIT SET OF Attribute. */
function attributesOf(container: Tlv): ParsedAttribute[] {
  return container.children().map((item) => {
    const attribute = expectUniversal(item, 16, 'Attribute');
    const [type, values, extra] = attribute.children();
    if (extra) malformed('trailing fields in an Attribute');
    const typeField = expectUniversal(type, 6, 'attribute type');
    const valueSet = expectUniversal(values, 17, 'attribute values');
    return { type: oidOf(typeField.content), typeDer: typeField.raw, values: valueSet.children().map((value) => value.raw), raw: attribute.raw };
  });
}

/** The element must carry exactly the universal tag `tagNumber`. */
export function expectUniversal(item: Tlv | undefined, tagNumber: number, what: string): Tlv {
  if (!item || !isUniversal(item, tagNumber)) return malformed(`${what} missing or of the wrong type`);
  return item;
}

function algorithmOid(item: Tlv): string {
  const [algorithm] = item.children();
  return oidOf(expectUniversal(algorithm, 6, 'algorithm').content);
}

export function smallInteger(integer: Tlv, what: string): number {
  const content = integer.content;
  if (content.length === 0 || content.length > 4 || (content[0]! & 0x80) !== 0) malformed(`${what} out of range`);
  return content.reduce((value, byte) => value * 256 + byte, 0);
}

/** The octets of an OCTET STRING, chunks joined when it came constructed (BER). */
export function octets(item: Tlv): Uint8Array {
  if (!item.constructed) return item.content;
  return new Uint8Array(Buffer.concat(item.children().map((chunk) => octets(expectUniversal(chunk, 4, 'OCTET STRING chunk')))));
}
