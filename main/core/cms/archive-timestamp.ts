import * as asn1js from 'asn1js';
import { digest, hashByOid, hashSpec, type HashSpec } from '../crypto';
import { algorithmIdentifier, concat, header, octetString, sequence } from '../crypto/der';
import { decodeBer } from '../pki/ber';
import { OID_ARCHIVE_TIMESTAMP_V2, OID_ARCHIVE_TIMESTAMP_V3, OID_ATS_HASH_INDEX_V3 } from './oids';
import { parseSignedData, type ParsedAttribute, type ParsedSignedData, type ParsedSignerInfo } from './parse-signed-data';
import { fieldsBeforeUnsignedAttributes } from './parse-signer-info';
import { tstInfo } from './timestamp-check';

/**
 * ETSI EN 319 122-1 §5.5.2: ATSHashIndexV3 ::= SEQUENCE { hashIndAlgorithm, certificatesHashIndex, crlsHashIndex,
 * unsignedAttrValuesHashIndex }: the hash of every CertificateChoices and RevocationInfoChoice of the SignedData, and
 * of every unsigned attribute value (attrType and one value concatenated) of the signer, as they are now.
 */
export function atsHashIndexV3(parsed: ParsedSignedData, signer: ParsedSignerInfo, hash: HashSpec): Uint8Array {
  const hashOf = (bytes: Uint8Array): Uint8Array => octetString(digest(hash.name, bytes));
  return sequence(
    algorithmIdentifier(hash.oid),
    sequence(...parsed.certificates.map(hashOf)),
    sequence(...parsed.crls.map(hashOf)),
    sequence(...signer.unsignedAttributes.flatMap((attribute) => attribute.values.map((value) => hashOf(concat([attribute.typeDer, value]))))),
  );
}

/**
 * §5.5.3: the message imprint input of an archive-time-stamp-v3: eContentType, the hash of the signed content (with the
 * time-stamp's hash), the signer's version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm and signature as
 * received, and the ATSHashIndexV3 value.
 */
export function archiveV3Input(parsed: ParsedSignedData, signer: ParsedSignerInfo, contentDigest: Uint8Array, hashIndex: Uint8Array): Uint8Array {
  return concat([
    parsed.eContentTypeDer,
    contentDigest,
    ...fieldsBeforeUnsignedAttributes(signer),
    hashIndex,
  ]);
}

/**
 * The expected imprint of an archive-time-stamp-v3 token: its ats-hash-index-v3 (carried as an unsigned attribute of
 * the token) must only name objects the signature still holds, and use the token's own hash.
 */
export function archiveV3Digests(parsed: ParsedSignedData, signer: ParsedSignerInfo, contentDigest: (hash: HashSpec) => Uint8Array | undefined) {
  return (hash: HashSpec, token: ParsedSignedData): Uint8Array[] => {
    const indexAttributes = token.signerInfos[0]?.unsignedAttributes.filter((attribute) => attribute.type === OID_ATS_HASH_INDEX_V3) ?? [];
    if (indexAttributes.length !== 1 || indexAttributes[0]!.values.length !== 1) throw new Error('the archive time-stamp carries no single ats-hash-index-v3');
    const indexDer = indexAttributes[0]!.values[0]!;
    const index = readHashIndex(indexDer);
    if (index.hash.oid !== hash.oid) throw new Error('the ats-hash-index-v3 hash differs from the time-stamp’s');
    const known = (items: Uint8Array[]): Set<string> => new Set(items.map((item) => Buffer.from(digest(hash.name, item)).toString('hex')));
    const certificates = known(parsed.certificates);
    const crls = known(parsed.crls);
    const values = known(signer.unsignedAttributes.flatMap((attribute) => attribute.values.map((value) => concat([attribute.typeDer, value]))));
    const missing = (entries: string[], present: Set<string>): boolean => entries.some((entry) => !present.has(entry));
    if (missing(index.certificates, certificates)) throw new Error('the ats-hash-index-v3 names a certificate the signature no longer holds');
    if (missing(index.crls, crls)) throw new Error('the ats-hash-index-v3 names revocation data the signature no longer holds');
    if (missing(index.values, values)) throw new Error('the ats-hash-index-v3 names an unsigned attribute the signer no longer has');
    const content = contentDigest(hash);
    if (!content) throw new Error('the signed content is not available');
    return [digest(hash.name, archiveV3Input(parsed, signer, content, indexDer))];
  };
}

function readHashIndex(der: Uint8Array): { hash: HashSpec; certificates: string[]; crls: string[]; values: string[] } {
  const decoded = decodeBer(der);
  if (decoded.offset !== der.length || !(decoded.result instanceof asn1js.Sequence)) throw new Error('malformed ats-hash-index-v3');
  const fields = [...decoded.result.valueBlock.value];
  let hash = hashSpec('SHA-256');
  if (fields.length === 4) {
    const algorithm = fields.shift() as asn1js.Sequence;
    const oid = algorithm.valueBlock?.value?.[0];
    const found = oid instanceof asn1js.ObjectIdentifier ? hashByOid(oid.getValue()) : undefined;
    if (!found) throw new Error('unsupported ats-hash-index-v3 hash');
    hash = found;
  }
  if (fields.length !== 3 || fields.some((field) => !(field instanceof asn1js.Sequence))) throw new Error('malformed ats-hash-index-v3');
  const entries = (field: asn1js.AsnType): string[] =>
    (field as asn1js.Sequence).valueBlock.value.map((item) => {
      if (!(item instanceof asn1js.OctetString)) throw new Error('malformed ats-hash-index-v3');
      return Buffer.from(item.valueBlock.valueHexView).toString('hex');
    });
  return { hash, certificates: entries(fields[0]!), crls: entries(fields[1]!), values: entries(fields[2]!) };
}

/**
 * ETSI TS 101 733 §6.4.1 / Annex K: an archive-time-stamp (v2) covers encapContentInfo, the detached content, the
 * certificates and crls fields, and every field of the SignerInfo with the unsigned attributes that were there before
 * it. Versions of the standard differ on the tag and length of unsignedAttrs: both readings are tried (K.3 note 3).
 * `prefixed` is the hash of encapContentInfo followed by the content (streamed by the caller).
 */
export function archiveV2Digests(parsed: ParsedSignedData, signer: ParsedSignerInfo, prefixed: (hash: HashSpec) => { copy(): { update(data: Uint8Array): void; digest(): Uint8Array } } | undefined) {
  return (hash: HashSpec, token: ParsedSignedData): Uint8Array[] => {
    const base = prefixed(hash);
    if (!base) throw new Error('the signed content is not available');
    const genTime = tstInfo(token).genTime.getTime();
    const earlier = signer.unsignedAttributes.filter((attribute) => !isArchiveTimestamp(attribute) || archiveTime(attribute) < genTime);
    const attributes = concat(earlier.map((attribute) => attribute.raw));
    const common = concat([
      parsed.certificatesField ?? new Uint8Array(0),
      parsed.crlsField ?? new Uint8Array(0),
      ...fieldsBeforeUnsignedAttributes(signer),
    ]);
    return [concat([header(0xa1, attributes.length), attributes]), attributes].map((tail) => {
      const hasher = base.copy();
      hasher.update(common);
      hasher.update(tail);
      return hasher.digest();
    });
  };
}

function isArchiveTimestamp(attribute: ParsedAttribute): boolean {
  return attribute.type === OID_ARCHIVE_TIMESTAMP_V2 || attribute.type === OID_ARCHIVE_TIMESTAMP_V3;
}

function archiveTime(attribute: ParsedAttribute): number {
  try {
    return tstInfo(parseSignedData(attribute.values[0]!)).genTime.getTime();
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
