import { SigndeskError } from '../../../preload/contract/errors';
import { contentHashFor, digest as hashBytes, signatureAlgorithmFor, type SigningHashName, type SigningKey } from '../crypto';
import { concat } from '../crypto/der';
import { digestAlgorithmIdentifier } from './oids';
import { encodeSignedData } from './signed-data';
import { assertCertificateMatchesKey, signerCertificate, uniqueCertificates } from './signer-certificate';
import { buildSignerInfo } from './signer-info';
import type { TimestampFetch } from './timestamp';

export interface CreateSignatureOptions {
  /** The precomputed messageDigest of the content (hash of the whole document under `hash`). */
  digest: Uint8Array;
  /** Default: the key's own hash (SHA-256 for P-256 and RSA, SHA-384 for P-384, GOST 34.311 for DSTU 4145). */
  hash?: SigningHashName;
  key: SigningKey;
  /** Signer certificate (DER); default `key.certificate`. */
  certificate?: Uint8Array;
  /** Further certificates to include (DER); default `key.chain`. */
  chain?: readonly Uint8Array[];
  /** Attached signature: the content itself (its hash must be `digest`). Omit for detached. */
  content?: Uint8Array;
  /** Default now. */
  signingTime?: Date;
  /** Leaves the signingTime attribute out (PAdES: the time is in the PDF's /M). */
  omitSigningTime?: boolean;
  /** RFC 3161 TSA: adds a signatureTimeStampToken (CAdES-T). */
  timestampUrl?: string;
  /** RSA keys: PKCS#1 v1.5 (default) or PSS. */
  padding?: 'pkcs1' | 'pss';
  /** Replaces the HTTP client for the TSA (tests, proxies). */
  timestampFetch?: TimestampFetch;
}

/**
 * CAdES-BES signature over a precomputed digest: signed attributes contentType, signingTime, messageDigest,
 * signingCertificateV2; the signer certificate and chain included. Returns the DER ContentInfo.
 * Per-certificate work (parsing, ESSCertIDv2) is cached, so a batch pays it once.
 */
export async function createSignature(options: CreateSignatureOptions): Promise<Uint8Array> {
  const { head, tail } = await createSignatureParts({ ...options, attachedContentLength: options.content?.length });
  return options.content ? concat([head, options.content, tail]) : head;
}

/**
 * The signature split around the attached content (`head` + content + `tail`), so a caller can stream a
 * large file between them. Detached: `tail` is empty and `head` is the whole signature.
 */
export async function createSignatureParts(
  options: Omit<CreateSignatureOptions, 'content'> & { attachedContentLength?: number },
): Promise<{ head: Uint8Array; tail: Uint8Array }> {
  const hash = contentHashFor(options.key, options.hash);
  const { certificateDer, signerInfo } = await keySignerInfo(options, options.digest, hash);
  return encodeSignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithmIdentifier(hash)],
    attachedContentLength: options.attachedContentLength,
    certificates: uniqueCertificates([certificateDer, ...(options.chain ?? options.key.chain ?? [])]),
    signerInfos: [signerInfo],
  });
}

/** Convenience for small in-memory content: hashes it and signs. */
export async function signBytes(content: Uint8Array, options: Omit<CreateSignatureOptions, 'digest' | 'content'> & { attached?: boolean }): Promise<Uint8Array> {
  const hash = contentHashFor(options.key, options.hash);
  return createSignature({ ...options, hash, digest: hashBytes(hash, content), content: options.attached ? content : undefined });
}

/** What a new signer needs from the caller: the key, its certificate and the signing options. */
export type SignerOptions = Pick<CreateSignatureOptions, 'key' | 'certificate' | 'signingTime' | 'omitSigningTime' | 'padding' | 'timestampUrl' | 'timestampFetch'>;

/**
 * The signer's certificate (given, else the key's; it must hold the key's public key) and the SignerInfo the
 * key makes over `digest` — shared by new signatures and co-signatures.
 */
export async function keySignerInfo(
  options: SignerOptions,
  digest: Uint8Array,
  hash: SigningHashName,
  contentType?: string,
): Promise<{ certificateDer: Uint8Array; signerInfo: Uint8Array }> {
  const certificateDer = options.certificate ?? options.key.certificate;
  if (!certificateDer) throw new SigndeskError('ERR_INPUT_INVALID', 'The key has no certificate: import one before signing');
  const signer = signerCertificate(certificateDer);
  assertCertificateMatchesKey(signer, options.key.publicKeySpki);
  const signerInfo = await buildSignerInfo({
    digest,
    algorithm: { ...signatureAlgorithmFor(options.key.algorithm, hash, options.padding), hash },
    key: options.key,
    signer,
    signingTime: options.omitSigningTime ? null : (options.signingTime ?? new Date()),
    timestampUrl: options.timestampUrl,
    timestampFetch: options.timestampFetch,
    ...(contentType === undefined ? {} : { contentType }),
  });
  return { certificateDer, signerInfo };
}
