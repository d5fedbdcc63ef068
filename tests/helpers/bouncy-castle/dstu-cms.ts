import * as asn1js from 'asn1js';
import {
  DSTU_OIDS,
  dstuDigest,
  type DstuDigestName,
  dstuDigestOid,
  type DstuPrivateKey,
  DstuPublicKey,
  signDstuMessage,
  unwrapSignatureOctetString,
  wrapSignatureOctetString,
} from '../../../main/core/crypto/dstu';

/*
 * Our side of the Bouncy Castle cross-checks: the minimum of X.509 and CMS the DSTU tests need (reading
 * a certificate's parts, the signed attributes of a SignerInfo exactly as stored, and building a
 * self-signed certificate and a CAdES-style SignedData with our keys). Real CMS lives in main/core/cms.
 */

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
};

function sequence(node: asn1js.AsnType | undefined): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence) && !(node instanceof asn1js.Set) && !(node instanceof asn1js.Constructed)) throw new Error('expected a constructed element');
  return node.valueBlock.value as asn1js.AsnType[];
}

const raw = (node: asn1js.AsnType) => new Uint8Array(node.valueBeforeDecodeView);

export interface CertificateParts {
  tbs: Uint8Array;
  spki: Uint8Array;
  signatureAlgorithm: string;
  /** The signature value inside the BIT STRING's OCTET STRING. */
  signature: Uint8Array;
}

export function certificateParts(der: Uint8Array): CertificateParts {
  const [tbs, algorithm, signatureValue] = sequence(asn1js.fromBER(der).result);
  const fields = sequence(tbs);
  const offset = fields[0] instanceof asn1js.Constructed && fields[0].idBlock.tagClass === 3 ? 1 : 0;
  const bits = signatureValue as asn1js.BitString;
  return {
    tbs: raw(tbs),
    spki: raw(fields[offset + 5]),
    signatureAlgorithm: (sequence(algorithm)[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    signature: unwrapSignatureOctetString(new Uint8Array(bits.valueBlock.valueHexView)),
  };
}

/** Whether `issuer`'s DSTU key signed the certificate (GOST 34.311 with the issuer key's DKE over tbsCertificate). */
export function verifyCertificateSignature(certificate: Uint8Array, issuer: Uint8Array): boolean {
  const parts = certificateParts(certificate);
  const key = DstuPublicKey.fromSpki(certificateParts(issuer).spki);
  return key.verify(dstuDigest('gost34311', parts.tbs, key.dke), parts.signature, parts.signatureAlgorithm === DSTU_OIDS.dstu4145le ? 'le' : 'be');
}

export interface SignerInfoParts {
  /** The signed attributes as stored, with the SET tag in place of [0] (what was signed). */
  signedAttributes: Uint8Array;
  signature: Uint8Array;
  digestAlgorithm: string;
  messageDigest: Uint8Array;
  certificate: Uint8Array;
  content: Uint8Array | undefined;
}

export function signerInfoParts(cms: Uint8Array): SignerInfoParts {
  const [, explicit] = sequence(asn1js.fromBER(cms).result);
  const signedData = sequence(sequence(explicit)[0]);
  const encapsulated = sequence(signedData[2]);
  const content = encapsulated[1] ? new Uint8Array((sequence(encapsulated[1])[0] as asn1js.OctetString).valueBlock.valueHexView) : undefined;
  const certificates = signedData.find((node) => node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 0) as asn1js.Constructed;
  const signerInfos = signedData[signedData.length - 1];
  const signerInfo = sequence(sequence(signerInfos)[0]);
  const attributes = signerInfo.find((node) => node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 0) as asn1js.Constructed;
  const signedAttributes = raw(attributes).slice();
  signedAttributes[0] = 0x31;
  let messageDigest = new Uint8Array(0);
  for (const attribute of sequence(attributes)) {
    const [type, values] = sequence(attribute);
    if ((type as asn1js.ObjectIdentifier).valueBlock.toString() === OID.messageDigest) messageDigest = new Uint8Array((sequence(values)[0] as asn1js.OctetString).valueBlock.valueHexView);
  }
  return {
    signedAttributes,
    signature: new Uint8Array((signerInfo[signerInfo.indexOf(attributes) + 2] as asn1js.OctetString).valueBlock.valueHexView),
    digestAlgorithm: (sequence(signerInfo[2])[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
    messageDigest,
    certificate: raw(sequence(certificates)[0]),
    content,
  };
}

function name(commonName: string): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.commonName }), new asn1js.Utf8String({ value: commonName })] })] })],
  });
}

const algorithm = () => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: DSTU_OIDS.dstu4145le })] });

function extension(oid: string, critical: boolean, value: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), new asn1js.Boolean({ value: critical }), new asn1js.OctetString({ valueHex: value.toBER() })] });
}

export interface DstuCertificateInput {
  /** The key that signs the certificate (the subject's own for a self-signed one). */
  issuerKey: DstuPrivateKey;
  issuer: string;
  subject: string;
  /** The subject's SubjectPublicKeyInfo (any algorithm: a DSTU CA may certify an ECDSA key). */
  subjectSpki: Uint8Array;
  usage?: 'signing' | 'encryption' | 'ca';
  serial?: number;
  days?: number;
}

/**
 * A certificate signed with GOST 34.311 + DSTU 4145 (little-endian) by `issuerKey`, with a keyUsage extension
 * when asked: digitalSignature + nonRepudiation, keyAgreement, or keyCertSign + cRLSign with basicConstraints CA.
 */
export function dstuCertificate(input: DstuCertificateInput): Uint8Array {
  const now = new Date();
  const usageBits = { signing: [0xc0, 6], encryption: [0x08, 3], ca: [0x06, 1] } as const;
  const extensions: asn1js.Sequence[] = [];
  if (input.usage) {
    const [bits, unused] = usageBits[input.usage];
    extensions.push(extension('2.5.29.15', true, new asn1js.BitString({ valueHex: Uint8Array.of(bits), unusedBits: unused })));
  }
  if (input.usage === 'ca') extensions.push(extension('2.5.29.19', true, new asn1js.Sequence({ value: [new asn1js.Boolean({ value: true })] })));
  const tbs = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Integer({ value: 2 })] }),
      new asn1js.Integer({ value: input.serial ?? Math.floor(now.getTime() / 1000) }),
      algorithm(),
      name(input.issuer),
      new asn1js.Sequence({ value: [new asn1js.UTCTime({ valueDate: new Date(now.getTime() - 3_600_000) }), new asn1js.UTCTime({ valueDate: new Date(now.getTime() + (input.days ?? 1) * 86_400_000) })] }),
      name(input.subject),
      asn1js.fromBER(input.subjectSpki).result,
      ...(extensions.length > 0 ? [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 3 }, value: [new asn1js.Sequence({ value: extensions })] })] : []),
    ],
  });
  const tbsDer = new Uint8Array(tbs.toBER());
  const signature = signDstuMessage(input.issuerKey, tbsDer);
  return new Uint8Array(
    new asn1js.Sequence({ value: [asn1js.fromBER(tbsDer).result, algorithm(), new asn1js.BitString({ valueHex: wrapSignatureOctetString(signature) })] }).toBER(),
  );
}

/** A self-signed certificate for the key (see dstuCertificate). */
export function selfSignedCertificate(key: DstuPrivateKey, commonName: string, usage?: 'signing' | 'encryption' | 'ca'): Uint8Array {
  return dstuCertificate({ issuerKey: key, issuer: commonName, subject: commonName, subjectSpki: key.publicKey.toSpki('le'), ...(usage ? { usage } : {}) });
}

/**
 * A SignedData like a CAdES signature: contentType, messageDigest and signingTime signed, the signer's
 * certificate included, the signature value (r ‖ s little-endian) as the SignerInfo's OCTET STRING.
 */
export function signedData(key: DstuPrivateKey, certificate: Uint8Array, content: Uint8Array, options: { attached: boolean; digest?: DstuDigestName }): Uint8Array {
  const digestName = options.digest ?? 'gost34311';
  const digestAlgorithm = () => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: dstuDigestOid(digestName) })] });
  const attribute = (type: string, value: asn1js.AsnType) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.Set({ value: [value] })] });
  const attributes = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: new Date() })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: dstuDigest(digestName, content, key.dke) })),
  ];
  const signedSet = new Uint8Array(new asn1js.Set({ value: attributes }).toBER());
  const signature = signDstuMessage(key, signedSet, { digest: digestName });
  const issuerAndSerial = (() => {
    const fields = sequence(sequence(asn1js.fromBER(certificate).result)[0]);
    const offset = fields[0] instanceof asn1js.Constructed && fields[0].idBlock.tagClass === 3 ? 1 : 0;
    return new asn1js.Sequence({ value: [fields[offset + 3], fields[offset]] });
  })();
  const signerInfo = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      issuerAndSerial,
      digestAlgorithm(),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: attributes }),
      algorithm(),
      new asn1js.OctetString({ valueHex: signature }),
    ],
  });
  const encapsulated = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.data }),
      ...(options.attached ? [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: content })] })] : []),
    ],
  });
  const body = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.Set({ value: [digestAlgorithm()] }),
      encapsulated,
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [asn1js.fromBER(certificate).result] }),
      new asn1js.Set({ value: [signerInfo] }),
    ],
  });
  return new Uint8Array(
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.signedData }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [body] })] }).toBER(),
  );
}

/** Our verdict on such a SignedData: messageDigest over the content, then the signature over the attributes as stored. */
export function verifySignedData(cms: Uint8Array, detachedContent?: Uint8Array): boolean {
  const parts = signerInfoParts(cms);
  const key = DstuPublicKey.fromSpki(certificateParts(parts.certificate).spki);
  const digestName = parts.digestAlgorithm === DSTU_OIDS.gost34311 ? 'gost34311' : (['kupyna256', 'kupyna384', 'kupyna512'] as const).find((n) => dstuDigestOid(n) === parts.digestAlgorithm);
  if (!digestName) throw new Error(`unexpected digest ${parts.digestAlgorithm}`);
  const content = detachedContent ?? parts.content;
  if (!content || Buffer.compare(dstuDigest(digestName, content, key.dke), parts.messageDigest) !== 0) return false;
  try {
    return key.verify(dstuDigest(digestName, parts.signedAttributes, key.dke), parts.signature, 'le');
  } catch {
    return false;
  }
}
