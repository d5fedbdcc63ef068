import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningKey, HashAlgorithm } from '../keys/signing-key';
import { ensureCryptoEngine } from '../pki/crypto-engine';
import { describePublicKey } from '../pki/certificate';
import { dnToName, formatDn, nameDer } from '../pki/dn';
import { pemEncode } from '../keys/file-key/pem';
import { SigndeskError } from '../../../preload/contract/errors';

const OID_UNSTRUCTURED_NAME = '1.2.840.113549.1.9.2';
const OID_CHALLENGE_PASSWORD = '1.2.840.113549.1.9.7';

const ATTRIBUTE_NAMES: Record<string, string> = {
  [OID_UNSTRUCTURED_NAME]: 'unstructuredName',
  [OID_CHALLENGE_PASSWORD]: 'challengePassword',
  '1.2.840.113549.1.9.14': 'extensionRequest',
};

function signatureAlgorithmOf(key: SigningKey): { oid: string; hash: HashAlgorithm } {
  if (key.algorithm.kind === 'EC') {
    return key.algorithm.namedCurve === 'P-256' ? { oid: '1.2.840.10045.4.3.2', hash: 'SHA-256' } : { oid: '1.2.840.10045.4.3.3', hash: 'SHA-384' };
  }
  return { oid: '1.2.840.113549.1.1.11', hash: 'SHA-256' };
}

export interface RequestInput {
  /** RFC 4514 subject, e.g. `CN=Olena Petrenko,serialNumber=TINUA-1234567890`. */
  subject: string;
  /** Put in the request as unstructuredName: the registration reference the CA matches it to. */
  reference?: string;
}

/** A PKCS#10 request over the key's public key, signed by the key itself (proof of possession). */
export async function buildCertificationRequest(key: SigningKey, input: RequestInput): Promise<Uint8Array> {
  ensureCryptoEngine();
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject = dnToName(input.subject);
  csr.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(key.publicKeySpki);
  if (input.reference) {
    csr.attributes = [new pkijs.Attribute({ type: OID_UNSTRUCTURED_NAME, values: [new asn1js.Utf8String({ value: input.reference })] })];
  }
  const algorithm = signatureAlgorithmOf(key);
  // pkijs keeps encodeTBS protected; it is the documented way to get the bytes an external signer signs.
  const tbs = new Uint8Array((csr as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER());
  const digest = crypto.createHash(algorithm.hash.replace('-', '').toLowerCase()).update(tbs).digest();
  const signature = await key.sign(new Uint8Array(digest), { hash: algorithm.hash });
  const signatureAlgorithm = new pkijs.AlgorithmIdentifier({
    algorithmId: algorithm.oid,
    ...(key.algorithm.kind === 'RSA' ? { algorithmParams: new asn1js.Null() } : {}),
  });
  const signatureValue = new asn1js.BitString({ valueHex: signature });
  // The signed bytes go out exactly as signed: re-encoding a parsed TBS through asn1js may change them.
  return derSequence([tbs, new Uint8Array(signatureAlgorithm.toSchema().toBER()), new Uint8Array(signatureValue.toBER())]);
}

function derSequence(parts: readonly Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  const length = body.length;
  let header: number[];
  if (length < 0x80) header = [0x30, length];
  else if (length < 0x100) header = [0x30, 0x81, length];
  else if (length < 0x10000) header = [0x30, 0x82, length >> 8, length & 0xff];
  else header = [0x30, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  return new Uint8Array(Buffer.concat([Buffer.from(header), body]));
}

export interface RequestDescription {
  subject: string;
  publicKey: string;
  signatureAlgorithm: string;
  attributes: Array<{ name: string; value: string }>;
  pem: string;
  /** SubjectPublicKeyInfo, DER: matched against certificates on import. */
  publicKeySpki: Uint8Array;
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'ECDSA with SHA-256',
  '1.2.840.10045.4.3.3': 'ECDSA with SHA-384',
  '1.2.840.113549.1.1.11': 'RSA with SHA-256',
};

function attributeValue(value: unknown): string {
  if (value instanceof asn1js.Utf8String || value instanceof asn1js.PrintableString || value instanceof asn1js.IA5String) return value.valueBlock.value;
  if (value instanceof asn1js.BaseBlock) return Buffer.from(value.toBER()).toString('hex');
  return String(value);
}

/** What the cabinet shows of a stored request. */
export function describeCertificationRequest(der: Uint8Array): RequestDescription {
  ensureCryptoEngine();
  let csr: pkijs.CertificationRequest;
  try {
    csr = pkijs.CertificationRequest.fromBER(der);
  } catch (error) {
    throw new SigndeskError('ERR_CSR_MALFORMED', `Malformed certification request: ${(error as Error).message}`);
  }
  return {
    subject: formatDn(nameDer(csr.subject)),
    publicKey: describePublicKey(csr.subjectPublicKeyInfo).description,
    signatureAlgorithm: SIGNATURE_NAMES[csr.signatureAlgorithm.algorithmId] ?? csr.signatureAlgorithm.algorithmId,
    attributes: (csr.attributes ?? []).flatMap((attribute) =>
      attribute.values.map((value) => ({ name: ATTRIBUTE_NAMES[attribute.type] ?? attribute.type, value: attributeValue(value) })),
    ),
    pem: pemEncode('CERTIFICATE REQUEST', der),
    publicKeySpki: new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER()),
  };
}
