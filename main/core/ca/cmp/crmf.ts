import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningKey } from '../../crypto';
import { children, explicit, implicitConstructed, parseDer } from './asn1';
import { signWithKey } from '../../pki/signature-algorithm';

const OID_REG_CTRL_OLD_CERT_ID = '1.3.6.1.5.5.7.5.1.5';

/** What the client asks for (RFC 4211 CertTemplate fields used by the RFC 9483 profile). */
export interface CertTemplateInput {
  subject?: pkijs.RelativeDistinguishedNames;
  /** The key to be certified, SubjectPublicKeyInfo DER. */
  publicKeySpki: Uint8Array;
  /** Requested validity (OptionalValidity); a temporary key asks for notAfter ≤ its main certificate's. */
  validity?: { notBefore?: Date; notAfter?: Date };
  extensions?: pkijs.Extension[];
}

function time(date: Date): asn1js.AsnType {
  return date.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: date }) : new asn1js.GeneralizedTime({ valueDate: date });
}

export function encodeCertTemplate(input: CertTemplateInput): asn1js.Sequence {
  const value: asn1js.AsnType[] = [];
  if (input.validity && (input.validity.notBefore || input.validity.notAfter)) {
    const times: asn1js.AsnType[] = [];
    if (input.validity.notBefore) times.push(explicit(0, time(input.validity.notBefore)));
    if (input.validity.notAfter) times.push(explicit(1, time(input.validity.notAfter)));
    value.push(implicitConstructed(4, times));
  }
  if (input.subject) value.push(explicit(5, input.subject.toSchema()));
  value.push(implicitConstructed(6, children(parseDer(input.publicKeySpki, 'public key'))));
  if (input.extensions?.length) value.push(implicitConstructed(9, input.extensions.map((ext) => ext.toSchema())));
  return new asn1js.Sequence({ value: value as asn1js.BaseBlock[] });
}

/**
 * CertReqMessages with one CertReqMsg: the CertRequest and proof of possession by signature
 * (POPOSigningKey over the CertRequest DER, made by the key being certified). For kur, the oldCertID control
 * names the certificate being renewed.
 */
export async function buildCertReqMessages(input: {
  certReqId: number;
  template: CertTemplateInput;
  popKey: SigningKey;
  oldCertificate?: pkijs.Certificate;
}): Promise<asn1js.Sequence> {
  const requestValue: asn1js.AsnType[] = [new asn1js.Integer({ value: input.certReqId }), encodeCertTemplate(input.template)];
  if (input.oldCertificate) {
    const certId = new asn1js.Sequence({
      value: [
        new pkijs.GeneralName({ type: 4, value: input.oldCertificate.issuer }).toSchema(),
        new asn1js.Integer({ valueHex: input.oldCertificate.serialNumber.valueBlock.valueHexView }),
      ],
    });
    requestValue.push(new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_REG_CTRL_OLD_CERT_ID }), certId] })] }));
  }
  const certRequest = new asn1js.Sequence({ value: requestValue as asn1js.BaseBlock[] });
  const { identifier, signature } = await signWithKey(input.popKey, new Uint8Array(certRequest.toBER()));
  const popo = implicitConstructed(1, [identifier.toSchema(), new asn1js.BitString({ valueHex: signature })]);
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [certRequest, popo] })] });
}

