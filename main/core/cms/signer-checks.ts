import * as asn1js from 'asn1js';
import { HASHES, digest, hashByOid } from '../crypto';
import { OID_SIGNING_CERTIFICATE, OID_SIGNING_CERTIFICATE_V2, OID_SIGNING_TIME } from './oids';
import type { ParsedCertificate } from '../pki/certificate';
import { nameDer } from '../pki/dn';
import type { ParsedAttribute, ParsedSignerInfo } from './parse-signed-data';
import { isContext, isUniversal, readTlv, signatureOidText, type Tlv } from './tlv';

export function attributeValues(attributes: readonly ParsedAttribute[] | undefined, type: string): Uint8Array[] | undefined {
  return attributes?.find((attribute) => attribute.type === type)?.values;
}

function decode(der: Uint8Array): Tlv | undefined {
  try {
    return readTlv(der, 'attribute value');
  } catch {
    return undefined;
  }
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
  if (!decoded || decoded.constructed || !(isUniversal(decoded, 23) || isUniversal(decoded, 24))) return undefined;
  const Type = isUniversal(decoded, 23) ? asn1js.UTCTime : asn1js.GeneralizedTime;
  try {
    const date = new Type({ value: Buffer.from(decoded.content).toString('latin1') }).toDate();
    return Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    return undefined;
  }
}

/**
 * Whether the ESS signing-certificate attributes (v2 and/or v1, RFC 5035 / RFC 2634) name `certificate`: each value's
 * first ESSCertID's hash over the certificate and, when present, its issuerSerial. null when neither attribute is there.
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
    for (const value of values) {
      const problem = checkEssCertId(value, version, certificate);
      if (problem) return { matches: false, problem };
    }
  }
  return { matches: true };
}

function checkEssCertId(value: Uint8Array | undefined, version: 1 | 2, certificate: ParsedCertificate): string | undefined {
  const label = version === 2 ? 'signingCertificateV2' : 'signingCertificate';
  const outer = value ? decode(value) : undefined;
  const certs = outer && isUniversal(outer, 16) ? outer.children()[0] : undefined;
  const first = certs && isUniversal(certs, 16) ? certs.children()[0] : undefined;
  if (!first || !isUniversal(first, 16)) return `${label} is malformed`;
  const fields = [...first.children()];
  let hashOid = version === 2 ? HASHES['SHA-256'].oid : HASHES['SHA-1'].oid;
  if (version === 2 && fields[0] && isUniversal(fields[0], 16)) {
    const algorithm = fields.shift()!.children()[0];
    if (!algorithm || !isUniversal(algorithm, 6)) return `${label} is malformed`;
    hashOid = signatureOidText(algorithm.content);
  }
  const certHash = fields[0];
  if (!certHash || !isUniversal(certHash, 4) || certHash.constructed) return `${label} is malformed`;
  const hash = hashByOid(hashOid);
  if (!hash) return `${label} uses an unsupported hash ${hashOid}`;
  if (!Buffer.from(digest(hash.name, certificate.der)).equals(Buffer.from(certHash.content))) return `${label} names a different certificate (hash mismatch)`;
  const issuerSerial = fields[1];
  if (issuerSerial && isUniversal(issuerSerial, 16)) {
    const [names, serial] = issuerSerial.children();
    if (!serial || !isUniversal(serial, 2) || !stripZeros(serial.content).equals(stripZeros(certificate.certificate.serialNumber.valueBlock.valueHexView))) {
      return `${label} names a different serial number`;
    }
    const issuer = Buffer.from(nameDer(certificate.certificate.issuer));
    const directoryNames = names && isUniversal(names, 16) ? names.children().filter((name) => isContext(name, 4)) : [];
    const matchesIssuer = directoryNames.some((name) => {
      const inner = name.children()[0];
      return inner !== undefined && Buffer.from(inner.raw).equals(issuer);
    });
    if (!matchesIssuer) return `${label} names a different issuer`;
  }
  return undefined;
}
