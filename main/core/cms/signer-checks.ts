import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import { HASH_BY_OID, OID_SIGNING_CERTIFICATE, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME } from './algorithms';
import type { ParsedCertificate } from '../pki/certificate';
import { nameDer } from '../pki/dn';
import type { ParsedAttribute, ParsedSignerInfo } from './parse-signed-data';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';

export function attributeValues(attributes: readonly ParsedAttribute[] | undefined, type: string): Uint8Array[] | undefined {
  return attributes?.find((attribute) => attribute.type === type)?.values;
}

function decode(der: Uint8Array): asn1js.AsnType | undefined {
  const parsed = asn1js.fromBER(der);
  return parsed.offset === -1 ? undefined : parsed.result;
}

function stripZeros(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return Buffer.from(bytes.subarray(start));
}

/** The certificate the SignerInfo's sid names, among the candidates. */
export function findSignerCertificate(signer: ParsedSignerInfo, candidates: readonly ParsedCertificate[]): ParsedCertificate | undefined {
  const sid = signer.sid;
  if (sid.kind === 'subjectKeyIdentifier') {
    const keyId = Buffer.from(sid.keyId).toString('hex');
    return candidates.find((candidate) => candidate.info.subjectKeyIdentifier === keyId);
  }
  const serial = stripZeros(sid.serial);
  const issuer = Buffer.from(sid.issuer);
  return candidates.find(
    (candidate) => stripZeros(candidate.certificate.serialNumber.valueBlock.valueHexView).equals(serial) && Buffer.from(nameDer(candidate.certificate.issuer)).equals(issuer),
  );
}

/** signingTime (UTCTime or GeneralizedTime), when present and well-formed. */
export function signingTimeOf(signer: ParsedSignerInfo): Date | undefined {
  const value = attributeValues(signer.signedAttributes, OID_SIGNING_TIME)?.[0];
  const decoded = value ? decode(value) : undefined;
  if (decoded instanceof asn1js.UTCTime || decoded instanceof asn1js.GeneralizedTime) {
    const date = decoded.toDate();
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/**
 * Whether the ESS signing-certificate attributes (v2 and/or v1) name `certificate`: the first ESSCertID's
 * hash over the certificate and, when present, its issuerSerial. null when neither attribute is there.
 */
export function signingCertificateMatches(signer: ParsedSignerInfo, certificate: ParsedCertificate): { matches: boolean | null; problem?: string } {
  const v2 = attributeValues(signer.signedAttributes, OID_SIGNING_CERTIFICATE_V2);
  const v1 = attributeValues(signer.signedAttributes, OID_SIGNING_CERTIFICATE);
  if (!v2 && !v1) return { matches: null };
  for (const [values, version] of [
    [v2, 2],
    [v1, 1],
  ] as const) {
    if (!values) continue;
    const problem = checkEssCertId(values[0], version, certificate);
    if (problem) return { matches: false, problem };
  }
  return { matches: true };
}

function checkEssCertId(value: Uint8Array | undefined, version: 1 | 2, certificate: ParsedCertificate): string | undefined {
  const label = version === 2 ? 'signingCertificateV2' : 'signingCertificate';
  const outer = value ? decode(value) : undefined;
  const certs = outer instanceof asn1js.Sequence ? outer.valueBlock.value[0] : undefined;
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return `${label} is malformed`;
  const fields = [...first.valueBlock.value];
  let hashOid = version === 2 ? SHA256_OID : '1.3.14.3.2.26';
  if (version === 2 && fields[0] instanceof asn1js.Sequence) {
    const algorithm = (fields.shift() as asn1js.Sequence).valueBlock.value[0];
    if (!(algorithm instanceof asn1js.ObjectIdentifier)) return `${label} is malformed`;
    hashOid = algorithm.getValue();
  }
  const certHash = fields[0];
  if (!(certHash instanceof asn1js.OctetString)) return `${label} is malformed`;
  const hash = HASH_BY_OID[hashOid];
  if (!hash) return `${label} uses an unsupported hash ${hashOid}`;
  const actual = crypto.createHash(hash).update(certificate.der).digest();
  if (!actual.equals(Buffer.from(certHash.valueBlock.valueHexView))) return `${label} names a different certificate (hash mismatch)`;
  const issuerSerial = fields[1];
  if (issuerSerial instanceof asn1js.Sequence) {
    const [names, serial] = issuerSerial.valueBlock.value;
    if (!(serial instanceof asn1js.Integer) || !stripZeros(serial.valueBlock.valueHexView).equals(stripZeros(certificate.certificate.serialNumber.valueBlock.valueHexView))) {
      return `${label} names a different serial number`;
    }
    const issuer = Buffer.from(nameDer(certificate.certificate.issuer));
    const directoryNames = names instanceof asn1js.Sequence ? names.valueBlock.value.filter((name) => name.idBlock.tagClass === 3 && name.idBlock.tagNumber === 4) : [];
    const matchesIssuer = directoryNames.some((name) => {
      const inner = (name as asn1js.Constructed).valueBlock.value?.[0];
      return inner !== undefined && Buffer.from(inner.valueBeforeDecodeView).equals(issuer);
    });
    if (!matchesIssuer) return `${label} names a different issuer`;
  }
  return undefined;
}
