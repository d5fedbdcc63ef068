import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigndeskError } from '../../../preload/contract/errors';
import type { HashAlgorithm, KeyAlgorithm, SigningKey } from '../keys/signing-key';
import { ensureCryptoEngine } from './crypto-engine';
import { encodeName, parseDn } from './dn';

const ECDSA_WITH: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};
const RSA_WITH: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};
const NODE_HASH: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** The hash that matches the key's strength: SHA-384 for P-384, SHA-512 for P-521, SHA-256 otherwise. */
export function defaultHashFor(algorithm: KeyAlgorithm): HashAlgorithm {
  if (algorithm.kind === 'EC') return algorithm.namedCurve === 'P-384' ? 'SHA-384' : algorithm.namedCurve === 'P-521' ? 'SHA-512' : 'SHA-256';
  return 'SHA-256';
}

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
  const digest = crypto.createHash(NODE_HASH[hash]).update(tbs).digest();
  const signature = await key.sign(new Uint8Array(digest), { hash, padding: 'pkcs1' });
  const request = new pkijs.CertificationRequest({
    tbs: tbs.slice().buffer,
    signatureAlgorithm:
      key.algorithm.kind === 'EC'
        ? new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_WITH[hash] })
        : new pkijs.AlgorithmIdentifier({ algorithmId: RSA_WITH[hash], algorithmParams: new asn1js.Null() }),
    signatureValue: new asn1js.BitString({ valueHex: signature }),
  });
  const der = new Uint8Array(request.toSchema(false).toBER(false));
  pkijs.CertificationRequest.fromBER(der);

  const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
  const valid = crypto.verify(NODE_HASH[hash], tbs, key.algorithm.kind === 'EC' ? { key: publicKey, dsaEncoding: 'der' } : publicKey, signature);
  if (!valid) throw new SigndeskError('ERR_SIGNATURE_INVALID', 'The key produced a signature that its public key does not verify');
  return der;
}
