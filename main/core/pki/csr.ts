import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import type { HashAlgorithm, SigningKey } from '../keys/signing-key';
import { defaultHashFor, NODE_HASH } from '../keys/signature-algorithms';
import { signWithKey } from './signature-algorithm';
import { ensureCryptoEngine } from './crypto-engine';
import { encodeName, parseDn } from './dn';

export interface CsrOptions {
  /** Defaults to `defaultHashFor(key.algorithm)`. */
  hash?: HashAlgorithm;
}

/**
 * A PKCS#10 certification request (RFC 2986) for the key's public key, signed by the key itself — a file
 * key or a token key alike: the DER of CertificationRequestInfo is hashed here and the digest handed to
 * `key.sign`. `subject` is an RFC 4514 string (identifiers such as EDRPOU by name) or a Name's DER.
 * The result is checked against the public key before it is returned.
 */
export async function createCsr(key: SigningKey, subject: string | Uint8Array, options: CsrOptions = {}): Promise<Uint8Array> {
  ensureCryptoEngine();
  const hash = options.hash ?? defaultHashFor(key.algorithm);
  const nameDer = typeof subject === 'string' ? encodeName(parseDn(subject)) : subject;
  // CertificationRequestInfo: version 0, subject, subjectPKInfo, attributes [0] (none).
  const tbs = new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        asn1js.fromBER(nameDer).result,
        pkijs.PublicKeyInfo.fromBER(key.publicKeySpki).toSchema(),
        new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [] }),
      ],
    }).toBER(false),
  );
  const { algorithm, signature } = await signWithKey(key, tbs, hash);
  const request = new pkijs.CertificationRequest({
    tbs: tbs.slice().buffer,
    signatureAlgorithm: algorithm,
    signatureValue: new asn1js.BitString({ valueHex: signature }),
  });
  const der = new Uint8Array(request.toSchema(false).toBER(false));
  pkijs.CertificationRequest.fromBER(der);

  const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
  const valid = crypto.verify(NODE_HASH[hash], tbs, key.algorithm.kind === 'EC' ? { key: publicKey, dsaEncoding: 'der' } : publicKey, signature);
  if (!valid) throw new SigndeskError('ERR_SIGNATURE_INVALID', 'The key produced a signature that its public key does not verify');
  return der;
}
