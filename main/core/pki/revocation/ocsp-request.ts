import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type CertIdHash = 'SHA-1' | 'SHA-256';

export const OID_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const HASH_OIDS: Record<CertIdHash, string> = { 'SHA-1': '1.3.14.3.2.26', 'SHA-256': '2.16.840.1.101.3.4.2.1' };
const NODE_HASH: Record<CertIdHash, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256' };

/** RFC 6960 CertID of `cert` under `issuer`, with the issuer name and key hashed by `hash`. */
export function buildCertId(cert: pkijs.Certificate, issuer: pkijs.Certificate, hash: CertIdHash): pkijs.CertID {
  const digest = (data: Uint8Array) => new Uint8Array(crypto.createHash(NODE_HASH[hash]).update(data).digest());
  const issuerName = new Uint8Array(issuer.subject.toSchema().toBER());
  const issuerKey = issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OIDS[hash], algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: digest(issuerName) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: digest(issuerKey) }),
    serialNumber: new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView }),
  });
}

export function certIdsEqual(a: pkijs.CertID, b: pkijs.CertID): boolean {
  const bytes = (value: asn1js.OctetString | asn1js.Integer) => Buffer.from(value.valueBlock.valueHexView);
  return (
    a.hashAlgorithm.algorithmId === b.hashAlgorithm.algorithmId &&
    bytes(a.issuerNameHash).equals(bytes(b.issuerNameHash)) &&
    bytes(a.issuerKeyHash).equals(bytes(b.issuerKeyHash)) &&
    bytes(a.serialNumber).equals(bytes(b.serialNumber))
  );
}

/** A DER OCSPRequest for one CertID carrying the RFC 8954 nonce extension. */
export function buildOcspRequest(certId: pkijs.CertID, nonce: Uint8Array): Uint8Array {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OID_OCSP_NONCE, critical: false, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
  ];
  return new Uint8Array(request.toSchema(true).toBER());
}
