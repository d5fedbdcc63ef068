import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import { assertSaneDer } from '../pki/der-guard';
import { OID_SIGNED_DATA } from './algorithms';
import { octetsOf } from './timestamp';

export interface ParsedAttribute {
  type: string;
  /** Each value's DER. */
  values: Uint8Array[];
}

export type SignerIdentifier =
  | { kind: 'issuerAndSerial'; issuer: Uint8Array; serial: Uint8Array }
  | { kind: 'subjectKeyIdentifier'; keyId: Uint8Array };

export interface ParsedSignerInfo {
  index: number;
  /** The SignerInfo exactly as it appears in the signature. */
  raw: Uint8Array;
  version: number;
  sid: SignerIdentifier;
  digestAlgorithm: string;
  /** The signed attributes re-tagged as the DER SET the signature covers; absent without signed attributes. */
  signedAttributesDer?: Uint8Array;
  signedAttributes?: ParsedAttribute[];
  signatureAlgorithm: pkijs.AlgorithmIdentifier;
  signature: Uint8Array;
  unsignedAttributes: ParsedAttribute[];
}

export interface ParsedSignedData {
  version: number;
  /** Raw DER of each digestAlgorithms member. */
  digestAlgorithms: Uint8Array[];
  /** Raw DER of the EncapsulatedContentInfo. */
  encapContentInfo: Uint8Array;
  eContentType: string;
  /** Attached content octets; undefined for a detached signature. */
  content?: Uint8Array;
  /** Raw DER of each CertificateChoices member. */
  certificates: Uint8Array[];
  /** Raw DER of each RevocationInfoChoices member. */
  crls: Uint8Array[];
  signerInfos: ParsedSignerInfo[];
}

const MAX_DEPTH = 64;

function malformed(message: string): never {
  throw new SigndeskError('ERR_SIGNATURE_MALFORMED', `Malformed signature: ${message}`);
}

/** PEM (`CMS`, `PKCS7`) → DER; anything else is returned as it is. */
export function signatureDer(bytes: Uint8Array): Uint8Array {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!head.includes('-----BEGIN ')) return bytes;
  const match = /-----BEGIN (CMS|PKCS7)-----([\s\S]*?)-----END \1-----/.exec(Buffer.from(bytes).toString('latin1'));
  if (!match) return malformed('PEM data without a CMS or PKCS7 block');
  return new Uint8Array(Buffer.from(match[2].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
}

/**
 * Parses a CMS ContentInfo carrying SignedData, keeping every part's original bytes (co-signing re-emits
 * them unchanged). The TLV structure is checked first (truncation, absurd lengths, nesting), signed
 * attributes must be DER. Anything else wrong is ERR_SIGNATURE_MALFORMED.
 */
export function parseSignedData(input: Uint8Array): ParsedSignedData {
  const bytes = signatureDer(input);
  assertSaneDer(bytes, { code: 'ERR_SIGNATURE_MALFORMED', what: 'signature', allowIndefinite: true, maxDepth: MAX_DEPTH });
  try {
    return parse(bytes);
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    return malformed((error as Error).message);
  }
}

function parse(bytes: Uint8Array): ParsedSignedData {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) malformed(parsed.result.error || 'not BER');
  const contentInfo = expect(parsed.result, asn1js.Sequence, 'ContentInfo');
  const [contentType, wrapped] = contentInfo.valueBlock.value;
  const type = expect(contentType, asn1js.ObjectIdentifier, 'contentType').getValue();
  if (type !== OID_SIGNED_DATA) malformed(`content type ${type} is not signed-data`);
  if (!(wrapped instanceof asn1js.Constructed) || wrapped.idBlock.tagClass !== 3 || wrapped.idBlock.tagNumber !== 0) malformed('no [0] content');
  const signedData = expect((wrapped as asn1js.Constructed).valueBlock.value[0], asn1js.Sequence, 'SignedData');
  const fields = signedData.valueBlock.value;
  let position = 0;
  const version = integerValue(expect(fields[position++], asn1js.Integer, 'version'));
  const digestAlgorithms = expect(fields[position++], asn1js.Set, 'digestAlgorithms').valueBlock.value.map(raw);
  const encap = expect(fields[position++], asn1js.Sequence, 'encapContentInfo');
  const eContentType = expect(encap.valueBlock.value[0], asn1js.ObjectIdentifier, 'eContentType').getValue();
  let content: Uint8Array | undefined;
  const explicit = encap.valueBlock.value[1];
  if (explicit !== undefined) {
    if (!(explicit instanceof asn1js.Constructed) || explicit.idBlock.tagClass !== 3 || explicit.idBlock.tagNumber !== 0) malformed('bad eContent');
    content = octetsOf(expect((explicit as asn1js.Constructed).valueBlock.value[0], asn1js.OctetString, 'eContent'));
  }
  let certificates: Uint8Array[] = [];
  let crls: Uint8Array[] = [];
  while (position < fields.length - 1) {
    const field = fields[position++];
    if (!(field instanceof asn1js.Constructed) || field.idBlock.tagClass !== 3) malformed('unexpected SignedData field');
    if (field.idBlock.tagNumber === 0) certificates = field.valueBlock.value.map(raw);
    else if (field.idBlock.tagNumber === 1) crls = field.valueBlock.value.map(raw);
    else malformed('unexpected SignedData field');
  }
  const signerInfoSet = expect(fields[position], asn1js.Set, 'signerInfos');
  const signerInfos = signerInfoSet.valueBlock.value.map((item, index) => parseSignerInfo(item, index));
  if (signerInfos.length === 0) malformed('no signers');
  return { version, digestAlgorithms, encapContentInfo: raw(encap), eContentType, content, certificates, crls, signerInfos };
}

function parseSignerInfo(item: asn1js.AsnType, index: number): ParsedSignerInfo {
  const signerInfo = expect(item, asn1js.Sequence, 'SignerInfo');
  const fields = signerInfo.valueBlock.value;
  let position = 0;
  const version = integerValue(expect(fields[position++], asn1js.Integer, 'SignerInfo version'));
  const sidField = fields[position++];
  let sid: SignerIdentifier;
  if (sidField instanceof asn1js.Sequence) {
    const [issuer, serial] = sidField.valueBlock.value;
    expect(issuer, asn1js.Sequence, 'sid issuer');
    sid = { kind: 'issuerAndSerial', issuer: raw(issuer), serial: new Uint8Array(expect(serial, asn1js.Integer, 'sid serial').valueBlock.valueHexView) };
  } else if (sidField && sidField.idBlock.tagClass === 3 && sidField.idBlock.tagNumber === 0) {
    sid = { kind: 'subjectKeyIdentifier', keyId: contentOf(raw(sidField)) };
  } else {
    return malformed('bad signer identifier');
  }
  const digestAlgorithm = algorithmOid(fields[position++]);
  let signedAttributesDer: Uint8Array | undefined;
  let signedAttributes: ParsedAttribute[] | undefined;
  const next = fields[position];
  if (next && next.idBlock.tagClass === 3 && next.idBlock.tagNumber === 0) {
    const rawAttributes = raw(next);
    signedAttributesDer = Uint8Array.from(rawAttributes);
    signedAttributesDer[0] = 0x31;
    // RFC 5652 §5.3: the signature covers the DER encoding; BER here cannot have been signed as sent.
    assertSaneDer(signedAttributesDer, { code: 'ERR_SIGNATURE_MALFORMED', what: 'signed attributes' });
    signedAttributes = attributesOf(next as asn1js.Constructed);
    position++;
  }
  const signatureAlgorithm = new pkijs.AlgorithmIdentifier({ schema: expect(fields[position++], asn1js.Sequence, 'signatureAlgorithm') });
  const signature = new Uint8Array(expect(fields[position++], asn1js.OctetString, 'signature').valueBlock.valueHexView);
  let unsignedAttributes: ParsedAttribute[] = [];
  const unsigned = fields[position];
  if (unsigned && unsigned.idBlock.tagClass === 3 && unsigned.idBlock.tagNumber === 1) unsignedAttributes = attributesOf(unsigned as asn1js.Constructed);
  return { index, raw: raw(signerInfo), version, sid, digestAlgorithm, signedAttributesDer, signedAttributes, signatureAlgorithm, signature, unsignedAttributes };
}

function attributesOf(container: asn1js.Constructed): ParsedAttribute[] {
  if (!(container instanceof asn1js.Constructed) || !Array.isArray(container.valueBlock.value)) return malformed('bad attributes');
  return container.valueBlock.value.map((item) => {
    const attribute = expect(item, asn1js.Sequence, 'Attribute');
    const [type, values] = attribute.valueBlock.value;
    return { type: expect(type, asn1js.ObjectIdentifier, 'attribute type').getValue(), values: expect(values, asn1js.Set, 'attribute values').valueBlock.value.map(raw) };
  });
}

function algorithmOid(item: asn1js.AsnType | undefined): string {
  const sequence = expect(item, asn1js.Sequence, 'AlgorithmIdentifier');
  return expect(sequence.valueBlock.value[0], asn1js.ObjectIdentifier, 'algorithm').getValue();
}

function expect<T>(item: unknown, type: abstract new (...args: never[]) => T, what: string): T {
  if (!(item instanceof type)) return malformed(`${what} missing or of the wrong type`);
  return item;
}

function integerValue(integer: asn1js.Integer): number {
  const view = integer.valueBlock.valueHexView;
  if (view.length > 4) malformed('version out of range');
  return integer.valueBlock.valueDec;
}

/** The original bytes of a decoded element. */
export function raw(item: asn1js.AsnType): Uint8Array {
  const view = item.valueBeforeDecodeView;
  if (!view || view.length === 0) return malformed('element without encoding');
  return new Uint8Array(view);
}

/** The content octets of a definite-length TLV. */
export function contentOf(tlv: Uint8Array): Uint8Array {
  let offset = 1;
  if ((tlv[0] & 0x1f) === 0x1f) while (tlv[offset++] & 0x80);
  const first = tlv[offset++];
  if (first & 0x80) offset += first & 0x7f;
  return tlv.subarray(offset);
}
