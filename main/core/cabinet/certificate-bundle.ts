import * as pkijs from 'pkijs';
import { ensureCryptoEngine } from '../pki/crypto-engine';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_DATA = '1.2.840.113549.1.7.1';

/** A certs-only PKCS#7 (`.p7b`): a degenerate SignedData with no signers, as Windows and OpenSSL read it. */
export function certificateBundle(certificates: readonly Uint8Array[]): Uint8Array {
  ensureCryptoEngine();
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_DATA }),
    certificates: certificates.map((der) => pkijs.Certificate.fromBER(der)),
    signerInfos: [],
    digestAlgorithms: [],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

