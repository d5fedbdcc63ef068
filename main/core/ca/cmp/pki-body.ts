import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { children, encodedBytes, explicit, freeText, freeTextSchema, implicitPrimitive, integerValue, isContext, malformed, tagNumberOf } from './asn1';

export const BODY_TAGS = {
  ir: 0, ip: 1, cr: 2, cp: 3, kur: 7, kup: 8, rr: 11, rp: 12, pkiconf: 19, error: 23, certConf: 24, pollReq: 25, pollRep: 26,
} as const;
export type BodyType = keyof typeof BODY_TAGS;

export const PKI_STATUS = ['accepted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification', 'keyUpdateWarning'] as const;

const FAIL_INFO = [
  'badAlg', 'badMessageCheck', 'badRequest', 'badTime', 'badCertId', 'badDataFormat', 'wrongAuthority', 'incorrectData',
  'missingTimeStamp', 'badPOP', 'certRevoked', 'certConfirmed', 'wrongIntegrity', 'badRecipientNonce', 'timeNotAvailable',
  'unacceptedPolicy', 'unacceptedExtension', 'addInfoNotAvailable', 'badSenderNonce', 'badCertTemplate', 'signerNotTrusted',
  'transactionIdInUse', 'unsupportedVersion', 'notAuthorized', 'systemUnavail', 'systemFailure', 'duplicateCertReq',
] as const;

export interface PkiStatusInfo {
  /** 0 accepted, 1 grantedWithMods, 2 rejection, 3 waiting, … */
  status: number;
  statusText: string[];
  failInfo: string[];
}

export interface CertResponse {
  certReqId: number;
  status: PkiStatusInfo;
  /** The issued certificate (DER) when one was returned in clear. */
  certificate?: Uint8Array;
}

export type RequestBody =
  | { type: 'ir' | 'cr' | 'kur'; certReqMessages: asn1js.Sequence }
  | { type: 'certConf'; statuses: { certHash: Uint8Array; certReqId: number; rejection?: string }[] }
  | { type: 'pollReq'; certReqIds: number[] }
  | { type: 'rr'; entries: { issuer: pkijs.RelativeDistinguishedNames; serialNumber: Uint8Array; reasonCode?: number }[] };

export type ResponseBody =
  | { type: 'ip' | 'cp' | 'kup'; caPubs: Uint8Array[]; responses: CertResponse[] }
  | { type: 'rp'; statuses: PkiStatusInfo[] }
  | { type: 'pkiconf' }
  | { type: 'pollRep'; entries: { certReqId: number; checkAfter: number; reason: string[] }[] }
  | { type: 'error'; status: PkiStatusInfo; errorCode?: number; details: string[] }
  | { type: 'other'; tag: number };

const OID_REASON_CODE = '2.5.29.21';

export function encodeBody(body: RequestBody): asn1js.Constructed {
  switch (body.type) {
    case 'ir':
    case 'cr':
    case 'kur':
      return explicit(BODY_TAGS[body.type], body.certReqMessages);
    case 'certConf':
      return explicit(
        BODY_TAGS.certConf,
        new asn1js.Sequence({
          value: body.statuses.map((status) => {
            const value: asn1js.AsnType[] = [new asn1js.OctetString({ valueHex: status.certHash }), new asn1js.Integer({ value: status.certReqId })];
            if (status.rejection !== undefined) {
              value.push(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 2 }), freeTextSchema([status.rejection])] }));
            }
            return new asn1js.Sequence({ value: value as asn1js.BaseBlock[] });
          }),
        }),
      );
    case 'pollReq':
      return explicit(
        BODY_TAGS.pollReq,
        new asn1js.Sequence({ value: body.certReqIds.map((id) => new asn1js.Sequence({ value: [new asn1js.Integer({ value: id })] })) }),
      );
    case 'rr':
      return explicit(
        BODY_TAGS.rr,
        new asn1js.Sequence({
          value: body.entries.map((entry) => {
            const template = new asn1js.Sequence({
              value: [implicitPrimitive(1, entry.serialNumber), explicit(3, entry.issuer.toSchema())],
            });
            const value: asn1js.AsnType[] = [template];
            if (entry.reasonCode !== undefined) {
              const reason = new pkijs.Extension({ extnID: OID_REASON_CODE, critical: false, extnValue: new asn1js.Enumerated({ value: entry.reasonCode }).toBER() });
              value.push(new asn1js.Sequence({ value: [reason.toSchema()] }));
            }
            return new asn1js.Sequence({ value: value as asn1js.BaseBlock[] });
          }),
        }),
      );
  }
}

function decodeStatusInfo(value: asn1js.AsnType | undefined): PkiStatusInfo {
  const [status, ...rest] = children(value);
  const info: PkiStatusInfo = { status: integerValue(status, 'PKIStatusInfo'), statusText: [], failInfo: [] };
  for (const item of rest) {
    if (item instanceof asn1js.Sequence) info.statusText = freeText(item);
    if (item instanceof asn1js.BitString) {
      const bytes = item.valueBlock.valueHexView;
      FAIL_INFO.forEach((name, bit) => {
        if (bit >> 3 < bytes.length && bytes[bit >> 3]! & (0x80 >> (bit & 7))) info.failInfo.push(name);
      });
    }
  }
  return info;
}

/** A readable summary of a PKIStatusInfo for error messages. */
export function describeStatus(info: PkiStatusInfo): string {
  const parts: string[] = [PKI_STATUS[info.status] ?? `status ${info.status}`];
  if (info.failInfo.length) parts.push(info.failInfo.join(', '));
  if (info.statusText.length) parts.push(info.statusText.join(' '));
  return parts.join(': ');
}

function decodeCertRep(type: 'ip' | 'cp' | 'kup', content: asn1js.AsnType | undefined): ResponseBody {
  const caPubs: Uint8Array[] = [];
  let responses: asn1js.AsnType | undefined;
  for (const item of children(content)) {
    if (isContext(item, 1)) for (const cert of children(children(item)[0])) caPubs.push(encodedBytes(cert));
    else if (item instanceof asn1js.Sequence) responses = item;
  }
  return {
    type,
    caPubs,
    responses: children(responses).map((response) => {
      const [id, status, ...rest] = children(response);
      const certResponse: CertResponse = { certReqId: integerValue(id, 'CertResponse.certReqId'), status: decodeStatusInfo(status) };
      const keyPair = rest.find((item) => item instanceof asn1js.Sequence);
      const certOrEncCert = children(keyPair)[0];
      if (certOrEncCert && isContext(certOrEncCert, 0)) {
        const cert = children(certOrEncCert)[0];
        if (cert) certResponse.certificate = encodedBytes(cert);
      } else if (certOrEncCert) {
        throw malformed('CertResponse', 'the certificate came encrypted (indirect POP is not supported)');
      }
      return certResponse;
    }),
  };
}

export function decodeBody(value: asn1js.AsnType): ResponseBody {
  if (!isContext(value)) throw malformed('PKIBody', 'not a tagged body');
  const tag = tagNumberOf(value);
  const content = children(value)[0];
  switch (tag) {
    case BODY_TAGS.ip:
      return decodeCertRep('ip', content);
    case BODY_TAGS.cp:
      return decodeCertRep('cp', content);
    case BODY_TAGS.kup:
      return decodeCertRep('kup', content);
    case BODY_TAGS.rp:
      return { type: 'rp', statuses: children(children(content)[0]).map(decodeStatusInfo) };
    case BODY_TAGS.pkiconf:
      return { type: 'pkiconf' };
    case BODY_TAGS.pollRep:
      return {
        type: 'pollRep',
        entries: children(content).map((entry) => {
          const [id, checkAfter, reason] = children(entry);
          return { certReqId: integerValue(id, 'pollRep'), checkAfter: integerValue(checkAfter, 'pollRep'), reason: freeText(reason) };
        }),
      };
    case BODY_TAGS.error: {
      const [status, ...rest] = children(content);
      const code = rest.find((item) => item instanceof asn1js.Integer);
      const details = rest.find((item) => item instanceof asn1js.Sequence);
      return {
        type: 'error',
        status: decodeStatusInfo(status),
        ...(code ? { errorCode: integerValue(code, 'errorCode') } : {}),
        details: freeText(details),
      };
    }
    default:
      return { type: 'other', tag };
  }
}
