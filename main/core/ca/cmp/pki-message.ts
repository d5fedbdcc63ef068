import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { children, derSequence, encodedBytes, explicit, isContext, malformed, parseDer, tagNumberOf } from './asn1';
import { decodeBody, encodeBody, type RequestBody, type ResponseBody } from './pki-body';
import { decodeHeader, encodeHeader, type PkiHeader } from './pki-header';

/** How an outgoing message is protected: the header's protectionAlg and the function computing PKIProtection. */
export interface Protector {
  algorithm: pkijs.AlgorithmIdentifier;
  senderKID?: Uint8Array;
  /** Certificates sent in extraCerts (the protecting certificate first). */
  extraCerts?: readonly Uint8Array[];
  protect(protectedPart: Uint8Array): Promise<Uint8Array>;
}

export interface IncomingMessage {
  header: PkiHeader;
  body: ResponseBody;
  /** DER of ProtectedPart ::= SEQUENCE { header, body } as received. */
  protectedPart: Uint8Array;
  protection?: Uint8Array;
  extraCerts: Uint8Array[];
}

/** Encodes and protects a PKIMessage. The header gets the protector's protectionAlg and senderKID. */
export async function encodePkiMessage(header: PkiHeader, body: RequestBody, protector: Protector): Promise<Uint8Array> {
  const fullHeader: PkiHeader = { ...header, protectionAlg: protector.algorithm, ...(protector.senderKID ? { senderKID: protector.senderKID } : {}) };
  const headerSchema = encodeHeader(fullHeader);
  const bodySchema = encodeBody(body);
  const protectedPart = new asn1js.Sequence({ value: [headerSchema, bodySchema] });
  const protection = await protector.protect(new Uint8Array(protectedPart.toBER()));
  const value: asn1js.AsnType[] = [headerSchema, bodySchema, explicit(0, new asn1js.BitString({ valueHex: protection }))];
  if (protector.extraCerts?.length) {
    value.push(explicit(1, new asn1js.Sequence({ value: protector.extraCerts.map((der) => parseDer(der, 'certificate') as asn1js.BaseBlock) })));
  }
  return new Uint8Array(new asn1js.Sequence({ value: value as asn1js.BaseBlock[] }).toBER());
}

export function decodePkiMessage(der: Uint8Array): IncomingMessage {
  const message = parseDer(der, 'PKIMessage');
  if (!(message instanceof asn1js.Sequence)) throw malformed('PKIMessage', 'SEQUENCE expected');
  const [header, body, ...rest] = children(message);
  if (!(header instanceof asn1js.Sequence) || !body) throw malformed('PKIMessage', 'header and body expected');
  const incoming: IncomingMessage = {
    header: decodeHeader(header),
    body: decodeBody(body),
    protectedPart: derSequence([encodedBytes(header), encodedBytes(body)]),
    extraCerts: [],
  };
  for (const item of rest) {
    if (!isContext(item)) continue;
    const inner = children(item)[0];
    if (tagNumberOf(item) === 0 && inner instanceof asn1js.BitString) incoming.protection = new Uint8Array(inner.valueBlock.valueHexView);
    if (tagNumberOf(item) === 1) incoming.extraCerts = children(inner).map(encodedBytes);
  }
  return incoming;
}
