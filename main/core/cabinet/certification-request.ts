import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import { decodeSignatureAlgorithm, describeSignatureAlgorithm, type SigningKey } from '../crypto';
import { pemEncode } from '../keys/file-key/pem';
import { describePublicKey } from '../pki/certificate';
import { ensureCryptoEngine } from '../pki/crypto-engine';
import { createCsr } from '../pki/csr';
import { formatDn, nameDer } from '../pki/dn';

const OID_UNSTRUCTURED_NAME = '1.2.840.113549.1.9.2';
const OID_CHALLENGE_PASSWORD = '1.2.840.113549.1.9.7';

const ATTRIBUTE_NAMES: Record<string, string> = {
  [OID_UNSTRUCTURED_NAME]: 'unstructuredName',
  [OID_CHALLENGE_PASSWORD]: 'challengePassword',
  '1.2.840.113549.1.9.14': 'extensionRequest',
};

export interface RequestInput {
  /** RFC 4514 subject, e.g. `CN=Olena Petrenko,serialNumber=TINUA-1234567890`. */
  subject: string;
  /** Put in the request as unstructuredName: the registration reference the CA matches it to. */
  reference?: string;
}

/** A PKCS#10 request over the key's public key, signed by the key itself (proof of possession). */
export function buildCertificationRequest(key: SigningKey, input: RequestInput): Promise<Uint8Array> {
  return createCsr(key, input.subject, input.reference ? { reference: input.reference } : {});
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
    signatureAlgorithm: signatureAlgorithmName(csr.signatureAlgorithm),
    attributes: (csr.attributes ?? []).flatMap((attribute) =>
      attribute.values.map((value) => ({ name: ATTRIBUTE_NAMES[attribute.type] ?? attribute.type, value: attributeValue(value) })),
    ),
    pem: pemEncode('CERTIFICATE REQUEST', der),
    publicKeySpki: new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER()),
  };
}

function signatureAlgorithmName(identifier: pkijs.AlgorithmIdentifier): string {
  try {
    const parameters = identifier.algorithmParams instanceof asn1js.BaseBlock ? new Uint8Array(identifier.algorithmParams.toBER()) : undefined;
    return describeSignatureAlgorithm(decodeSignatureAlgorithm(identifier.algorithmId, parameters));
  } catch {
    return identifier.algorithmId;
  }
}
