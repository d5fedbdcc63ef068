import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../../preload/contract/errors';
import { OID_KP_OCSP_SIGNING, hasExtendedKeyUsage } from './certificate-extensions';
import { spkiOf } from '../certificate';
import { namesEqual } from '../dn';
import { certIdsEqual, OID_OCSP_NONCE } from './ocsp-request';
import { reasonName, type RevocationReason } from './revocation-types';
import { certificateSignedBy, verifyObjectSignature } from '../object-signature';
import { digest, hashByOid } from '../../crypto';

const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '(unused)', 'sigRequired', 'unauthorized'];
/** Tolerated clock difference between us and the responder. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt: Date | null;
  reason: RevocationReason | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
  producedAt: Date;
  /** Whether the response echoed our nonce (false when the responder sent none). */
  nonceEchoed: boolean;
}

export interface OcspCheckInput {
  response: Uint8Array;
  certId: pkijs.CertID;
  issuer: pkijs.Certificate;
  /** The nonce we sent; undefined when re-reading a cached response. */
  nonce?: Uint8Array;
  now: Date;
}

const invalid = (message: string) => new SigndeskError('ERR_REVOCATION_UNKNOWN', `OCSP response rejected: ${message}`);

/**
 * Decodes and checks an OCSP response for one CertID (RFC 6960): status successful, a basic response
 * signed by the issuer or by a delegated responder the issuer certified for OCSPSigning, the nonce echoed
 * when one was sent, and thisUpdate/nextUpdate fresh at `now`.
 */
export function checkOcspResponse(input: OcspCheckInput): OcspAnswer {
  const basic = decodeBasicResponse(input.response);
  const data = basic.tbsResponseData;
  verifyResponder(basic, input.issuer, data.producedAt);

  const nonceExtension = data.responseExtensions?.find((ext) => ext.extnID === OID_OCSP_NONCE);
  if (input.nonce) {
    if (nonceExtension) {
      const echoed = nonceExtension.extnValue.valueBlock.valueHexView;
      const sent = new asn1js.OctetString({ valueHex: input.nonce }).toBER();
      if (!Buffer.from(echoed).equals(Buffer.from(sent))) throw invalid('the nonce does not match the request');
    }
  }
  const single = data.responses.find((candidate) => certIdsEqual(candidate.certID, input.certId));
  if (!single) throw invalid('no answer for the requested certificate');
  const now = input.now.getTime();
  if (single.thisUpdate.getTime() > now + CLOCK_SKEW_MS) throw invalid('thisUpdate is in the future');
  if (single.nextUpdate && single.nextUpdate.getTime() < now - CLOCK_SKEW_MS) throw invalid('the response is stale (nextUpdate has passed)');

  return {
    ...decodeCertStatus(single.certStatus),
    thisUpdate: single.thisUpdate,
    nextUpdate: single.nextUpdate ?? null,
    producedAt: data.producedAt,
    nonceEchoed: Boolean(input.nonce && nonceExtension),
  };
}

/** An OCSPResponse, or a bare BasicOCSPResponse (CAdES revocation-values carry those), decoded and signature-unchecked. */
export function decodeAnyOcspResponse(der: Uint8Array): pkijs.BasicOCSPResponse {
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset !== -1 && asn1.result instanceof asn1js.Sequence) {
    const first = asn1.result.valueBlock.value[0];
    // OCSPResponse starts with the ENUMERATED responseStatus; BasicOCSPResponse with the tbsResponseData SEQUENCE.
    if (first instanceof asn1js.Sequence) {
      try {
        return new pkijs.BasicOCSPResponse({ schema: asn1.result });
      } catch (error) {
        throw invalid(`malformed basic response (${(error as Error).message})`);
      }
    }
  }
  return decodeBasicResponse(der);
}

/** Whether a CertID names `cert` as issued by `issuer`, whatever hash it uses. */
export function certIdMatches(certId: pkijs.CertID, cert: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  const hash = hashByOid(certId.hashAlgorithm.algorithmId);
  if (!hash) return false;
  const serial = (bytes: Uint8Array): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    return Buffer.from(bytes.subarray(start));
  };
  if (!serial(certId.serialNumber.valueBlock.valueHexView).equals(serial(cert.serialNumber.valueBlock.valueHexView))) return false;
  const nameHash = digest(hash.name, new Uint8Array(issuer.subject.toSchema().toBER()));
  const keyHash = digest(hash.name, issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  return Buffer.from(certId.issuerNameHash.valueBlock.valueHexView).equals(Buffer.from(nameHash)) && Buffer.from(certId.issuerKeyHash.valueBlock.valueHexView).equals(Buffer.from(keyHash));
}

/**
 * The status of `cert` at `at` from an OCSP response kept with a signature (CAdES-LT, RFC 5940): signed by the issuer
 * or its delegated responder (from the response or `certificates`), produced while the responder certificate was
 * valid, and in force at `at` or issued after it. Undefined when the response says nothing about the certificate.
 */
export function archivedOcspStatus(der: Uint8Array, cert: pkijs.Certificate, issuer: pkijs.Certificate, at: Date, now: Date, certificates: () => readonly pkijs.Certificate[] = () => []): OcspAnswer | undefined {
  const basic = decodeAnyOcspResponse(der);
  const data = basic.tbsResponseData;
  const single = data.responses.find((candidate) => certIdMatches(candidate.certID, cert, issuer));
  if (!single) return undefined;
  verifyResponder(basic, issuer, data.producedAt, certificates);
  if (single.thisUpdate.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('thisUpdate is in the future');
  if (single.thisUpdate.getTime() < at.getTime() - CLOCK_SKEW_MS && single.nextUpdate && single.nextUpdate.getTime() < at.getTime()) {
    throw invalid(`the response was not in force at ${at.toISOString()}`);
  }
  return { ...decodeCertStatus(single.certStatus), thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate ?? null, producedAt: data.producedAt, nonceEchoed: false };
}

function decodeBasicResponse(der: Uint8Array): pkijs.BasicOCSPResponse {
  let response: pkijs.OCSPResponse;
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    response = new pkijs.OCSPResponse({ schema: asn1.result });
  } catch (error) {
    throw invalid(`not an OCSP response (${(error as Error).message})`);
  }
  const status = response.responseStatus.valueBlock.valueDec;
  if (status !== 0) throw invalid(`the responder answered ${OCSP_STATUS[status] ?? status}`);
  if (!response.responseBytes || response.responseBytes.responseType !== OID_OCSP_BASIC) throw invalid('not a basic OCSP response');
  try {
    const asn1 = asn1js.fromBER(response.responseBytes.response.valueBlock.valueHexView);
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    return new pkijs.BasicOCSPResponse({ schema: asn1.result });
  } catch (error) {
    throw invalid(`malformed basic response (${(error as Error).message})`);
  }
}

function responderMatches(responderId: unknown, cert: pkijs.Certificate): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) return namesEqual(responderId, cert.subject);
  if (responderId instanceof asn1js.OctetString) {
    const keyHash = crypto.createHash('sha1').update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
    return keyHash.equals(Buffer.from(responderId.valueBlock.valueHexView));
  }
  return false;
}

function verifyResponder(basic: pkijs.BasicOCSPResponse, issuer: pkijs.Certificate, producedAt: Date, certificates: () => readonly pkijs.Certificate[] = () => []): void {
  const signedBytes = new Uint8Array(basic.tbsResponseData.tbsView);
  const signature = new Uint8Array(basic.signature.valueBlock.valueHexView);
  const responderId = basic.tbsResponseData.responderID as unknown;
  const issuerSpki = spkiOf(issuer);

  if (responderMatches(responderId, issuer)) {
    if (!verifyObjectSignature(signedBytes, signature, basic.signatureAlgorithm, issuerSpki)) throw invalid('bad signature by the issuing CA');
    return;
  }
  const isDelegate = (cert: pkijs.Certificate): boolean => responderMatches(responderId, cert) && namesEqual(cert.issuer, issuer.subject);
  const delegate = (basic.certs ?? []).find(isDelegate) ?? certificates().find(isDelegate);
  if (!delegate) throw invalid('signed by a responder that is neither the CA nor certified by it');
  if (!namesEqual(delegate.issuer, issuer.subject) || !certificateSignedBy(delegate, issuerSpki)) {
    throw invalid('the responder certificate was not issued by the CA of the certificate');
  }
  if (!hasExtendedKeyUsage(delegate, OID_KP_OCSP_SIGNING)) throw invalid('the responder certificate lacks id-kp-OCSPSigning');
  const at = producedAt.getTime();
  if (at < delegate.notBefore.value.getTime() - CLOCK_SKEW_MS || at > delegate.notAfter.value.getTime() + CLOCK_SKEW_MS) {
    throw invalid('the responder certificate was not valid when the response was produced');
  }
  if (!verifyObjectSignature(signedBytes, signature, basic.signatureAlgorithm, spkiOf(delegate))) throw invalid('bad signature by the delegated responder');
}

function decodeCertStatus(raw: unknown): Pick<OcspAnswer, 'status' | 'revokedAt' | 'reason'> {
  const element = raw as asn1js.BaseBlock & { valueBlock: { value?: asn1js.BaseBlock[] } };
  if (!element?.idBlock || element.idBlock.tagClass !== 3) throw invalid('malformed certStatus');
  switch (element.idBlock.tagNumber) {
    case 0:
      return { status: 'good', revokedAt: null, reason: null };
    case 2:
      return { status: 'unknown', revokedAt: null, reason: null };
    case 1: {
      const [time, reasonTagged] = element.valueBlock.value ?? [];
      if (!(time instanceof asn1js.GeneralizedTime)) throw invalid('malformed RevokedInfo');
      let reason: RevocationReason | null = null;
      if (reasonTagged instanceof asn1js.Constructed) {
        const enumerated = reasonTagged.valueBlock.value[0];
        if (enumerated instanceof asn1js.Enumerated) reason = reasonName(enumerated.valueBlock.valueDec);
      }
      return { status: 'revoked', revokedAt: time.toDate(), reason };
    }
    default:
      throw invalid('malformed certStatus');
  }
}
