import { SigndeskError } from '../../../preload/contract/errors';
import { encodeSignatureAlgorithm, hashSpec, type SignatureAlgorithm, type SigningHashName, type SigningKey } from '../crypto';
import { octetString, retag, sequence, setOf, smallInteger } from '../crypto/der';
import { OID_SIGNATURE_TIMESTAMP_TOKEN, digestAlgorithmIdentifier } from './oids';
import { attribute, cadesSignedAttributes } from './signed-attributes';
import type { SignerCertificate } from './signer-certificate';
import { requestTimestamp, type TimestampFetch } from './timestamp';

export interface SignerInfoOptions {
  /** messageDigest: the hash of the content under `algorithm`'s hash. */
  digest: Uint8Array;
  /** How the key signs (see `signatureAlgorithmFor`): its hash is the SignerInfo's digestAlgorithm. */
  algorithm: SignatureAlgorithm & { hash: SigningHashName };
  key: SigningKey;
  signer: SignerCertificate;
  /** null: no signingTime attribute (PAdES). */
  signingTime: Date | null;
  timestampUrl?: string;
  timestampFetch?: TimestampFetch;
  /** eContentType of the signed content; default id-data. */
  contentType?: string;
}

/** One CAdES-BES (or -T with a timestamp) SignerInfo, DER. */
export async function buildSignerInfo(options: SignerInfoOptions): Promise<Uint8Array> {
  const { algorithm, key, signer } = options;
  assertDigestLength(options.digest, algorithm.hash);
  const signedAttributes = cadesSignedAttributes({ messageDigest: options.digest, signingTime: options.signingTime, signer, hash: algorithm.hash, contentType: options.contentType });
  const signature = await key.sign(signedAttributes, algorithm);
  const unsignedAttributes = options.timestampUrl
    ? setOf([attribute(OID_SIGNATURE_TIMESTAMP_TOKEN, await requestTimestamp(options.timestampUrl, signature, { hash: algorithm.hash, fetch: options.timestampFetch }))])
    : undefined;
  return encodeSignerInfo({ signer, algorithm, signedAttributes, signature, unsignedAttributes });
}

export function assertDigestLength(digest: Uint8Array, hash: SigningHashName): void {
  const expected = hashSpec(hash).length;
  if (digest.length !== expected) throw new SigndeskError('ERR_INPUT_INVALID', `The digest is ${digest.length} bytes; ${hash} gives ${expected}`);
}

/** The SignerInfo DER around signed attributes (a DER SET) and the signature made over them. */
export function encodeSignerInfo(parts: {
  signer: SignerCertificate;
  algorithm: SignatureAlgorithm & { hash: SigningHashName };
  signedAttributes: Uint8Array;
  signature: Uint8Array;
  /** A DER SET of unsigned attributes (the signature timestamp). */
  unsignedAttributes?: Uint8Array;
}): Uint8Array {
  const fields = [
    smallInteger(1),
    parts.signer.issuerAndSerial,
    digestAlgorithmIdentifier(parts.algorithm.hash),
    // [0] IMPLICIT SignedAttributes: same content, context tag instead of SET.
    retag(parts.signedAttributes, 0xa0),
    encodeSignatureAlgorithm(parts.algorithm, 'cms'),
    octetString(parts.signature),
  ];
  if (parts.unsignedAttributes) fields.push(retag(parts.unsignedAttributes, 0xa1));
  return sequence(...fields);
}
