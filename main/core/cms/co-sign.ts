import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { syncDirectory, tempPathFor, writeFileAtomic } from '../fs/atomic-write';
import type { HashAlgorithm, SigningKey } from '../keys/signing-key';
import { HASH_OIDS, NODE_HASH, OID_MESSAGE_DIGEST, digest as hashBytes, digestAlgorithmIdentifier } from './algorithms';
import { concat } from './der';
import { fileError, hashFile } from './hash-file';
import { locateAttachedContent, readRanges, type LocatedAttachedContent } from './attached-content-locator';
import { parseSignedData, type ParsedSignedData } from './parse-signed-data';
import { encodeSignedData, type SignedDataParts } from './signed-data';
import { attributeValues } from './signer-checks';
import { uniqueCertificates } from './signer-certificate';
import { keySignerInfo } from './create-signature';
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
  const parts = await coSignedParts(parsed, digest, options);
  const { head, tail } = encodeSignedData({ ...parts, encapContentInfo: parsed.encapContentInfo });
  return concat([head, tail]);
}

/** Everything of the co-signed SignedData except the encapsulated content. */
async function coSignedParts(parsed: ParsedSignedData, digest: Uint8Array, options: CoSignOptions): Promise<SignedDataParts> {
  const hash = options.hash ?? 'SHA-256';
  // The document must be the one the existing signers signed (checked where they used the same hash).
  for (const signer of parsed.signerInfos) {
    if (signer.digestAlgorithm !== HASH_OIDS[hash]) continue;
    const values = attributeValues(signer.signedAttributes, OID_MESSAGE_DIGEST);
    if (values?.length === 1 && !Buffer.from(values[0].subarray(2)).equals(Buffer.from(digest))) {
      throw new SigndeskError('ERR_INPUT_INVALID', 'The document is not the one this signature was made over');
    }
  }
  const { certificateDer, signerInfo } = await keySignerInfo(options, digest, hash, parsed.eContentType);
  return {
    version: Math.max(parsed.version, 1),
    digestAlgorithms: [...parsed.digestAlgorithms, digestAlgorithmIdentifier(hash)],
    certificates: uniqueCertificates([...parsed.certificates, certificateDer, ...(options.chain ?? options.key.chain ?? [])]),
    crls: parsed.crls,
    signerInfos: [...parsed.signerInfos.map((item) => item.raw), signerInfo],
  };
}

const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

/**
 * Co-signs the signature file in place, atomically (the old file stays whole until the new one is complete).
 * A large attached signature is never loaded: its content is hashed and copied straight from the file (the
 * content is re-emitted as one DER OCTET STRING; the signers, which do not cover that encoding, stay byte-identical).
 */
export async function coSignFile(signaturePath: string, options: CoSignOptions & { inMemoryLimit?: number }): Promise<{ signers: number }> {
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(signaturePath);
  } catch (error) {
    throw fileError(signaturePath, error);
  }
  const mode = Number(stat.mode) & 0o777;
  if (Number(stat.size) > (options.inMemoryLimit ?? IN_MEMORY_LIMIT)) {
    const located = await locateAttachedContent(signaturePath);
    if (located) return coSignLargeAttached(signaturePath, located, mode, options);
  }
  let signature: Uint8Array;
  try {
    signature = new Uint8Array(await fs.readFile(signaturePath));
  } catch (error) {
    throw fileError(signaturePath, error);
  }
  const updated = await coSign(signature, options);
  await writeFileAtomic(signaturePath, updated, { overwrite: true, mode });
  return { signers: parseSignedData(updated).signerInfos.length };
}

async function coSignLargeAttached(signaturePath: string, located: LocatedAttachedContent, mode: number, options: CoSignOptions): Promise<{ signers: number }> {
  const parsed = parseSignedData(located.detachedForm);
  const hasher = crypto.createHash(NODE_HASH[options.hash ?? 'SHA-256']);
  await readRanges(signaturePath, located.ranges, (chunk) => hasher.update(chunk));
  const parts = await coSignedParts(parsed, new Uint8Array(hasher.digest()), options);
  const contentLength = located.ranges.reduce((total, range) => total + range.length, 0);
  const { head, tail } = encodeSignedData({ ...parts, attachedContentLength: contentLength, eContentType: parsed.eContentType });
  const temp = tempPathFor(signaturePath);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.write(head);
    let pending: Promise<unknown> = Promise.resolve();
    await readRanges(signaturePath, located.ranges, (chunk) => {
      const copy = Buffer.from(chunk);
      pending = pending.then(() => handle.write(copy));
    });
    await pending;
    await handle.write(tail);
    await handle.sync();
    await handle.close();
    await fs.rename(temp, signaturePath);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(path.dirname(signaturePath));
  return { signers: parts.signerInfos.length };
}
