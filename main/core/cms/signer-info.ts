import { SigndeskError } from '../../../preload/contract/errors';
import type { HashAlgorithm, SigningKey } from '../keys/signing-key';
import { HASH_LENGTH, OID_SIGNATURE_TIMESTAMP_TOKEN, digest, digestAlgorithmIdentifier, signatureAlgorithmIdentifier } from './algorithms';
import { octetString, sequence, setOf, smallInteger } from './der';
import { attribute, cadesSignedAttributes } from './signed-attributes';
import type { SignerCertificate } from './signer-certificate';
import { requestTimestamp, type TimestampFetch } from './timestamp';

export interface SignerInfoOptions {
  /** messageDigest: the hash of the content under `hash`. */
  digest: Uint8Array;
  hash: HashAlgorithm;
  key: SigningKey;
  signer: SignerCertificate;
  signingTime: Date;
  /** RSA keys only. */
  padding?: 'pkcs1' | 'pss';
  timestampUrl?: string;
  timestampFetch?: TimestampFetch;
  /** eContentType of the signed content; default id-data. */
  contentType?: string;
}

/** One CAdES-BES (or -T with a timestamp) SignerInfo, DER. */
export async function buildSignerInfo(options: SignerInfoOptions): Promise<Uint8Array> {
  const { hash, key, signer } = options;
  if (options.digest.length !== HASH_LENGTH[hash]) {
    throw new SigndeskError('ERR_INPUT_INVALID', `The digest is ${options.digest.length} bytes; ${hash} gives ${HASH_LENGTH[hash]}`);
  }
  const padding = key.algorithm.kind === 'RSA' ? (options.padding ?? 'pkcs1') : undefined;
  const signedAttributes = cadesSignedAttributes({ messageDigest: options.digest, signingTime: options.signingTime, signer, hash, contentType: options.contentType });
  const signature = await key.sign(digest(hash, signedAttributes), { hash, padding });
  const unsignedAttributes = options.timestampUrl
    ? setOf([attribute(OID_SIGNATURE_TIMESTAMP_TOKEN, await requestTimestamp(options.timestampUrl, signature, { hash, fetch: options.timestampFetch }))])
    : undefined;
  return encodeSignerInfo({ signer, hash, key, padding, signedAttributes, signature, unsignedAttributes });
}

/** The SignerInfo DER around signed attributes (a DER SET) and the signature made over them. */
export function encodeSignerInfo(parts: {
  signer: SignerCertificate;
  hash: HashAlgorithm;
  key: Pick<SigningKey, 'algorithm'>;
  padding: 'pkcs1' | 'pss' | undefined;
  signedAttributes: Uint8Array;
  signature: Uint8Array;
  /** A DER SET of unsigned attributes (the signature timestamp). */
  unsignedAttributes?: Uint8Array;
}): Uint8Array {
  const fields = [
    smallInteger(1),
    parts.signer.issuerAndSerial,
    digestAlgorithmIdentifier(parts.hash),
    // [0] IMPLICIT SignedAttributes: same content, context tag instead of SET.
    retag(parts.signedAttributes, 0xa0),
    signatureAlgorithmIdentifier(parts.key.algorithm, parts.hash, parts.padding),
    octetString(parts.signature),
  ];
  if (parts.unsignedAttributes) fields.push(retag(parts.unsignedAttributes, 0xa1));
  return sequence(...fields);
}

/** The same TLV with another (single-byte) tag. */
export function retag(element: Uint8Array, tag: number): Uint8Array {
  const copy = Uint8Array.from(element);
  copy[0] = tag;
  return copy;
}

