import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import type { HashAlgorithm, SigningKey } from '../keys/signing-key';
import { HASH_OIDS, OID_MESSAGE_DIGEST, digest as hashBytes, digestAlgorithmIdentifier } from './algorithms';
import { concat } from './der';
import { fileError, hashFile } from './hash-file';
import { parseSignedData } from './parse-signed-data';
import { encodeSignedData } from './signed-data';
import { attributeValues } from './signer-checks';
import { assertCertificateMatchesKey, signerCertificate, uniqueCertificates } from './signer-certificate';
import { buildSignerInfo } from './signer-info';
import type { TimestampFetch } from './timestamp';

export interface CoSignOptions {
  key: SigningKey;
  /** Default SHA-256. */
  hash?: HashAlgorithm;
  /** Detached signatures: the signed document (streamed). */
  contentPath?: string;
  /** …or its bytes. */
  content?: Uint8Array;
  certificate?: Uint8Array;
  chain?: readonly Uint8Array[];
  signingTime?: Date;
  timestampUrl?: string;
  timestampFetch?: TimestampFetch;
  padding?: 'pkcs1' | 'pss';
}

/**
 * Adds a CAdES-BES SignerInfo to an existing detached or attached signature. Every existing SignerInfo,
 * certificate, CRL and the encapsulated content are re-emitted byte for byte; only the enclosing SET and
 * SEQUENCE headers are re-encoded (DER).
 */
export async function coSign(signature: Uint8Array, options: CoSignOptions): Promise<Uint8Array> {
  const parsed = parseSignedData(signature);
  const hash = options.hash ?? 'SHA-256';
  let digest: Uint8Array;
  if (parsed.content !== undefined) digest = hashBytes(hash, parsed.content);
  else if (options.content !== undefined) digest = hashBytes(hash, options.content);
  else if (options.contentPath !== undefined) digest = await hashFile(options.contentPath, hash);
  else throw new SigndeskError('ERR_CONTENT_MISSING', 'The signature is detached: give the signed document (--content FILE)');

  // The document must be the one the existing signers signed (checked where they used the same hash).
  for (const signer of parsed.signerInfos) {
    if (signer.digestAlgorithm !== HASH_OIDS[hash]) continue;
    const values = attributeValues(signer.signedAttributes, OID_MESSAGE_DIGEST);
    if (values?.length === 1 && !Buffer.from(values[0].subarray(2)).equals(Buffer.from(digest))) {
      throw new SigndeskError('ERR_INPUT_INVALID', 'The document is not the one this signature was made over');
    }
  }

  const certificateDer = options.certificate ?? options.key.certificate;
  if (!certificateDer) throw new SigndeskError('ERR_INPUT_INVALID', 'The key has no certificate: import one before signing');
  const signer = signerCertificate(certificateDer);
  assertCertificateMatchesKey(signer, options.key.publicKeySpki);
  const signerInfo = await buildSignerInfo({
    digest,
    hash,
    key: options.key,
    signer,
    signingTime: options.signingTime ?? new Date(),
    padding: options.padding,
    timestampUrl: options.timestampUrl,
    timestampFetch: options.timestampFetch,
    contentType: parsed.eContentType,
  });
  const { head, tail } = encodeSignedData({
    version: Math.max(parsed.version, 1),
    digestAlgorithms: [...parsed.digestAlgorithms, digestAlgorithmIdentifier(hash)],
    encapContentInfo: parsed.encapContentInfo,
    certificates: uniqueCertificates([...parsed.certificates, certificateDer, ...(options.chain ?? options.key.chain ?? [])]),
    crls: parsed.crls,
    signerInfos: [...parsed.signerInfos.map((item) => item.raw), signerInfo],
  });
  return concat([head, tail]);
}

/** Co-signs the signature file in place, atomically (the old file stays whole until the new one is complete). */
export async function coSignFile(signaturePath: string, options: CoSignOptions): Promise<{ signers: number }> {
  let signature: Uint8Array;
  let mode: number;
  try {
    signature = new Uint8Array(await fs.readFile(signaturePath));
    mode = (await fs.stat(signaturePath)).mode & 0o777;
  } catch (error) {
    throw fileError(signaturePath, error);
  }
  const updated = await coSign(signature, options);
  await writeFileAtomic(signaturePath, updated, { overwrite: true, mode });
  return { signers: parseSignedData(updated).signerInfos.length };
}
