import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { contentHashFor, digest as hashBytes, hashByOid, hashSpec, type HashName, type SigningHashName, type SigningKey } from '../crypto';
import { concat } from '../crypto/der';
import { OID_MESSAGE_DIGEST, digestAlgorithmIdentifier } from './oids';
import { fileError, hashFile, hashFileWith, signatureFileFacts } from './hash-file';
import { readRanges } from './content-ranges';
import { rewriteLargeAttached } from './rewrite-signature-file';
import { IN_MEMORY_LIMIT, parseSignedData, parseSignedDataFile, type ParsedSignedData } from './parse-signed-data';
import { encodeSignedData, type SignedDataParts } from './signed-data';
import { attributeValues } from './signer-checks';
import { uniqueCertificates } from './signer-certificate';
import { keySignerInfo } from './create-signature';
import type { TimestampFetch } from './timestamp';

export interface CoSignOptions {
  key: SigningKey;
  /** Default: the key's own hash. */
  hash?: SigningHashName;
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
  const hashes = hashesToCheck(parsed, coSignHash(options));
  let digests: Map<HashName, Uint8Array>;
  if (parsed.content !== undefined) {
    const content = parsed.content;
    digests = new Map(hashes.map((name) => [name, hashBytes(name, content)]));
    await assertGivenContentIs(digests.get(coSignHash(options))!, coSignHash(options), options);
  } else if (options.content !== undefined) {
    const content = options.content;
    digests = new Map(hashes.map((name) => [name, hashBytes(name, content)]));
  } else if (options.contentPath !== undefined) digests = await hashFileWith(options.contentPath, hashes);
  else throw new SigndeskError('ERR_CONTENT_MISSING', 'The signature is detached: give the signed document (--content FILE)');
  const parts = await coSignedParts(parsed, digests, options);
  const { head, tail } = encodeSignedData({ ...parts, encapContentInfo: parsed.encapContentInfo });
  return concat([head, tail]);
}

/** The new signer's hash: the one asked for, else the key's own (SHA-256 for P-256 and RSA, GOST 34.311 for DSTU…). */
function coSignHash(options: CoSignOptions): SigningHashName {
  return contentHashFor(options.key, options.hash);
}

/** The new signer's hash and every hash the earlier signers used that the registry knows (each is checked with its own). */
function hashesToCheck(parsed: ParsedSignedData, hash: HashName): HashName[] {
  const names = new Set<HashName>([hash]);
  for (const signer of parsed.signerInfos) {
    const spec = hashByOid(signer.digestAlgorithm);
    if (spec) names.add(spec.name);
  }
  return [...names];
}

/** Everything of the co-signed SignedData except the encapsulated content. */
async function coSignedParts(parsed: ParsedSignedData, digests: ReadonlyMap<HashName, Uint8Array>, options: CoSignOptions): Promise<SignedDataParts> {
  const hash = coSignHash(options);
  // The document must be the one every earlier signer signed, each checked with the hash it used.
  for (const signer of parsed.signerInfos) {
    const spec = hashByOid(signer.digestAlgorithm);
    const digest = spec ? digests.get(spec.name) : undefined;
    const values = attributeValues(signer.signedAttributes, OID_MESSAGE_DIGEST);
    if (digest && values?.length === 1 && !Buffer.from(values[0].subarray(2)).equals(Buffer.from(digest))) {
      throw new SigndeskError('ERR_CONTENT_MISMATCH', 'The document is not the one this signature was made over', {
        ...(options.contentPath ? { givenPath: options.contentPath } : {}),
      });
    }
  }
  const { certificateDer, signerInfo } = await keySignerInfo(options, digests.get(hash)!, hash, parsed.eContentType);
  return {
    version: Math.max(parsed.version, 1),
    digestAlgorithms: [...parsed.digestAlgorithms, digestAlgorithmIdentifier(hash)],
    certificates: uniqueCertificates([...parsed.certificates, certificateDer, ...(options.chain ?? options.key.chain ?? [])]),
    crls: parsed.crls,
    signerInfos: [...parsed.signerInfos.map((item) => item.raw), signerInfo],
  };
}

/** An attached signature co-signed with a document given too: the new signer must sign what the signature carries. */
async function assertGivenContentIs(embeddedDigest: Uint8Array, hash: SigningHashName, options: CoSignOptions): Promise<void> {
  if (options.content === undefined && options.contentPath === undefined) return;
  const given = options.content !== undefined ? hashBytes(hash, options.content) : await hashFile(options.contentPath as string, hash);
  if (!Buffer.from(given).equals(Buffer.from(embeddedDigest))) {
    throw new SigndeskError('ERR_CONTENT_MISMATCH', 'The given document is not the one this signature carries and its signers signed', {
      ...(options.contentPath ? { givenPath: options.contentPath } : {}),
    });
  }
}

/**
 * Co-signs the signature file in place, atomically (the old file stays whole until the new one is complete).
 * A large attached signature is never loaded: its content is hashed and copied straight from the file (the
 * content is re-emitted as one DER OCTET STRING; the signers, which do not cover that encoding, stay byte-identical).
 */
export async function coSignFile(signaturePath: string, options: CoSignOptions & { inMemoryLimit?: number }): Promise<{ signers: number }> {
  const { size, mode } = await signatureFileFacts(signaturePath);
  if (size > (options.inMemoryLimit ?? IN_MEMORY_LIMIT)) {
    const parsed = parseSignedDataFile(signaturePath, options.inMemoryLimit ?? IN_MEMORY_LIMIT);
    if (parsed.contentRanges) return coSignLargeAttached(signaturePath, parsed, mode, options);
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

async function coSignLargeAttached(signaturePath: string, parsed: ParsedSignedData, mode: number, options: CoSignOptions): Promise<{ signers: number }> {
  const hash = coSignHash(options);
  const hashers = hashesToCheck(parsed, hash).map((name) => [name, hashSpec(name).create()] as const);
  await readRanges(signaturePath, parsed.contentRanges ?? [], (chunk) => {
    for (const [, hasher] of hashers) hasher.update(chunk);
  });
  const digests = new Map(hashers.map(([name, hasher]) => [name, hasher.digest()]));
  await assertGivenContentIs(digests.get(hash)!, hash, options);
  const parts = await coSignedParts(parsed, digests, options);
  await rewriteLargeAttached(signaturePath, parsed, parts, mode);
  return { signers: parts.signerInfos.length };
}
