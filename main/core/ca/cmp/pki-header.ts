import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { children, contentBytes, explicit, freeText, freeTextSchema, integerValue, isContext, malformed, tagNumberOf } from './asn1';

export const OID_IMPLICIT_CONFIRM = '1.3.6.1.5.5.7.4.13';

/** RFC 4210 PKIHeader (the fields the lightweight profile uses). */
export interface PkiHeader {
  pvno: number;
  /** directoryName; an empty Name is the NULL-DN. */
  sender: pkijs.RelativeDistinguishedNames;
  recipient: pkijs.RelativeDistinguishedNames;
  messageTime?: Date;
  protectionAlg?: pkijs.AlgorithmIdentifier;
  senderKID?: Uint8Array;
  recipKID?: Uint8Array;
  transactionID?: Uint8Array;
  senderNonce?: Uint8Array;
  recipNonce?: Uint8Array;
  freeText?: string[];
  /** OIDs of the generalInfo InfoTypeAndValue entries (implicitConfirm, …). */
  generalInfo?: string[];
}

const directoryName = (name: pkijs.RelativeDistinguishedNames) => new pkijs.GeneralName({ type: 4, value: name }).toSchema() as asn1js.AsnType;
const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: bytes });

export function encodeHeader(header: PkiHeader): asn1js.Sequence {
  const value: asn1js.AsnType[] = [new asn1js.Integer({ value: header.pvno }), directoryName(header.sender), directoryName(header.recipient)];
  if (header.messageTime) value.push(explicit(0, new asn1js.GeneralizedTime({ valueDate: dropMilliseconds(header.messageTime) })));
  if (header.protectionAlg) value.push(explicit(1, header.protectionAlg.toSchema()));
  if (header.senderKID) value.push(explicit(2, octets(header.senderKID)));
  if (header.recipKID) value.push(explicit(3, octets(header.recipKID)));
  if (header.transactionID) value.push(explicit(4, octets(header.transactionID)));
  if (header.senderNonce) value.push(explicit(5, octets(header.senderNonce)));
  if (header.recipNonce) value.push(explicit(6, octets(header.recipNonce)));
  if (header.freeText) value.push(explicit(7, freeTextSchema(header.freeText)));
  if (header.generalInfo?.length) {
    value.push(explicit(8, new asn1js.Sequence({ value: header.generalInfo.map((oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Null()] })) })));
  }
  return new asn1js.Sequence({ value: value as asn1js.BaseBlock[] });
}

function dropMilliseconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function decodeName(value: asn1js.AsnType | undefined): pkijs.RelativeDistinguishedNames {
  try {
    const general = new pkijs.GeneralName({ schema: value });
    if (general.type !== 4) return new pkijs.RelativeDistinguishedNames();
    return general.value as pkijs.RelativeDistinguishedNames;
  } catch (error) {
    throw malformed('PKIHeader', `bad sender/recipient (${(error as Error).message})`);
  }
}

export function decodeHeader(value: asn1js.AsnType): PkiHeader {
  const [pvno, sender, recipient, ...optional] = children(value);
  const header: PkiHeader = {
    pvno: integerValue(pvno, 'PKIHeader.pvno'),
    sender: decodeName(sender),
    recipient: decodeName(recipient),
  };
  for (const field of optional) {
    if (!isContext(field)) throw malformed('PKIHeader', 'unexpected element');
    const inner = children(field)[0];
    if (!inner) throw malformed('PKIHeader', 'empty tagged field');
    switch (tagNumberOf(field)) {
      case 0:
        if (inner instanceof asn1js.GeneralizedTime) header.messageTime = inner.toDate();
        break;
      case 1:
        header.protectionAlg = new pkijs.AlgorithmIdentifier({ schema: inner });
        break;
      case 2:
        header.senderKID = contentBytes(inner);
        break;
      case 3:
        header.recipKID = contentBytes(inner);
        break;
      case 4:
        header.transactionID = contentBytes(inner);
        break;
      case 5:
        header.senderNonce = contentBytes(inner);
        break;
      case 6:
        header.recipNonce = contentBytes(inner);
        break;
      case 7:
        header.freeText = freeText(inner);
        break;
      case 8:
        header.generalInfo = children(inner).map((item) => {
          const oid = children(item)[0];
          return oid instanceof asn1js.ObjectIdentifier ? oid.valueBlock.toString() : '';
        });
        break;
    }
  }
  return header;
}
