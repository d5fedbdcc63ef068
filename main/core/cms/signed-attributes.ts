import type { HashName } from '../crypto';
import { OID_CONTENT_TYPE, OID_DATA, OID_MESSAGE_DIGEST, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME } from './oids';
import { octetString, oid, sequence, setOf, time } from '../crypto/der';
import type { SignerCertificate } from './signer-certificate';

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF value }. */
export function attribute(type: string, ...values: Uint8Array[]): Uint8Array {
  return sequence(oid(type), setOf(values));
}

/**
 * The CAdES-BES signed attributes as a DER SET (tag 0x31, members in DER order — OpenSSL re-encodes and
 * sorts them before checking, so the signed bytes must already be sorted): contentType, signingTime,
 * messageDigest, signingCertificateV2. A null `signingTime` leaves that attribute out (PAdES: ETSI EN 319 142-1
 * puts the claimed time in the signature dictionary's /M, and forbids the attribute).
 */
export function cadesSignedAttributes(options: { messageDigest: Uint8Array; signingTime: Date | null; signer: SignerCertificate; hash: HashName; contentType?: string }): Uint8Array {
  return setOf([
    attribute(OID_CONTENT_TYPE, oid(options.contentType ?? OID_DATA)),
    ...(options.signingTime === null ? [] : [attribute(OID_SIGNING_TIME, time(options.signingTime))]),
    attribute(OID_MESSAGE_DIGEST, octetString(options.messageDigest)),
    attribute(OID_SIGNING_CERTIFICATE_V2, options.signer.signingCertificateV2(options.hash)),
  ]);
}
