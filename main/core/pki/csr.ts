import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import { verificationKeyFromSpki, verifySignature, x509SignatureValue, type SigningHashName, type SigningKey } from '../crypto';
import { sequence } from '../crypto/der';
import { ensureCryptoEngine } from './crypto-engine';
import { encodeName, parseDn } from './dn';
import { signWithKey } from './signature-algorithm';

const OID_UNSTRUCTURED_NAME = '1.2.840.113549.1.9.2';

export interface CsrOptions {
  /** Defaults to the key's own hash (`defaultHashFor`). */
  hash?: SigningHashName;
  /** Put in the request as unstructuredName: the registration reference the CA matches it to. */
  reference?: string;
}

/**
 * A PKCS#10 certification request (RFC 2986) for the key's public key, signed by the key itself — a file key or a
 * token key alike. `subject` is an RFC 4514 string (identifiers such as EDRPOU by name) or a Name's DER. The
 * result is checked against the public key before it is returned.
 */
export async function createCsr(key: SigningKey, subject: string | Uint8Array, options: CsrOptions = {}): Promise<Uint8Array> {
  ensureCryptoEngine();
  const nameDer = typeof subject === 'string' ? encodeName(parseDn(subject)) : subject;
  const attributes = options.reference
    ? [new pkijs.Attribute({ type: OID_UNSTRUCTURED_NAME, values: [new asn1js.Utf8String({ value: options.reference })] }).toSchema()]
    : [];
  // CertificationRequestInfo: version 0, subject, subjectPKInfo, attributes [0].
  const tbs = new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        asn1js.fromBER(nameDer).result,
        pkijs.PublicKeyInfo.fromBER(key.publicKeySpki).toSchema(),
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: attributes }),
      ],
    }).toBER(false),
  );
  const { algorithm, identifier, signature } = await signWithKey(key, tbs, options.hash);
  // The signed bytes go out exactly as signed: re-encoding a parsed TBS through asn1js may change them.
  const der = sequence(tbs, new Uint8Array(identifier.toSchema().toBER(false)), new Uint8Array(new asn1js.BitString({ valueHex: x509SignatureValue(algorithm, signature) }).toBER(false)));
  pkijs.CertificationRequest.fromBER(der);
  if (!verifySignature(algorithm, verificationKeyFromSpki(key.publicKeySpki), tbs, signature)) {
    throw new SigndeskError('ERR_SIGNATURE_INVALID', 'The key produced a signature that its public key does not verify');
  }
  return der;
}
