import fs from 'node:fs';
import { HASHES, createSignatureCheck, decodeSignatureAlgorithmIdentifier, hashSpec, verificationKeyFromSpki, type HashName } from '../../crypto';
import { childNodes, contentsOf, encodingOf, expectTag, oid, readNode, type DerNode } from '../../crypto/der';
import { failure } from '../../workers/file-ops';
import type { WorkerResult } from '../../workers/file-worker-protocol';

/** What a written CAdES output must hold and show. */
export interface CadesCheckTask {
  /** The written signature file, read back from disk. */
  path: string;
  /** The bytes that were written there (the file must hold exactly these). */
  expected: Uint8Array;
  /** The document digest the first signer's messageDigest must equal. */
  digest: Uint8Array;
  /** The signer's SubjectPublicKeyInfo (DER). */
  spki: Uint8Array;
}

const OID_SIGNED_DATA = oid('1.2.840.113549.1.7.2');
const OID_MESSAGE_DIGEST = oid('1.2.840.113549.1.9.4');

/**
 * The cheap check of a CAdES output we just wrote, on a file worker: the file holds exactly the bytes written, it is
 * a ContentInfo with SignedData, the first signer's messageDigest equals the document digest, and its signature value
 * over the signed attributes verifies with the key (the algorithm read from the SignerInfo, through the registry).
 */
export function checkCadesOutput(task: CadesCheckTask): WorkerResult {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(task.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return failure('ERR_FILE_NOT_FOUND', `${task.path} vanished after it was written`);
    return failure('ERR_FILE_UNREADABLE', `Cannot read back ${task.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!buf.equals(task.expected)) return failure('ERR_SIGNATURE_INVALID', `${task.path} does not hold the signature written`);
  return checkCadesSignature(buf, task.digest, task.spki, task.path);
}

/**
 * The check of a CMS we made, from its bytes: a ContentInfo with SignedData, the first signer's messageDigest
 * equals `digest`, and its signature value over the signed attributes verifies with the key `spki`.
 */
export function checkCadesSignature(buf: Buffer, digest: Uint8Array, spki: Uint8Array, label: string): WorkerResult {
  try {
    const contentInfo = expectTag(readNode(buf), 0x30, 'ContentInfo');
    if (contentInfo.end !== buf.length) throw new Error('trailing bytes');
    const [type, explicit] = childNodes(buf, contentInfo);
    if (!type || !Buffer.from(encodingOf(buf, type)).equals(OID_SIGNED_DATA)) throw new Error('not SignedData');
    const signedData = expectTag(childNodes(buf, expectTag(explicit, 0xa0, 'content'))[0], 0x30, 'SignedData');
    const signerInfos = expectTag(childNodes(buf, signedData).at(-1), 0x31, 'signerInfos');
    const signerInfo = expectTag(childNodes(buf, signerInfos)[0], 0x30, 'SignerInfo');
    const fields = childNodes(buf, signerInfo);
    const digestAlgorithm = expectTag(fields[2], 0x30, 'digestAlgorithm');
    const attributes = expectTag(fields[3], 0xa0, 'signedAttrs');
    const algorithm = expectTag(fields[4], 0x30, 'signatureAlgorithm');
    const signature = expectTag(fields[5], 0x04, 'signature');
    const messageDigest = messageDigestOf(buf, attributes);
    if (!messageDigest || !Buffer.from(messageDigest).equals(digest)) {
      return failure('ERR_SIGNATURE_INVALID', `${label}: messageDigest does not match the document`);
    }
    const digestOid = encodingOf(buf, expectTag(childNodes(buf, digestAlgorithm)[0], 0x06, 'digest algorithm'));
    const signatureAlgorithm = decodeSignatureAlgorithmIdentifier(encodingOf(buf, algorithm), oidOfHash(digestOid));
    // The signature covers the DER of the signed attributes as a SET OF (tag 0x31 instead of [0]).
    const signed = Buffer.from(encodingOf(buf, attributes));
    signed[0] = 0x31;
    const check = createSignatureCheck(signatureAlgorithm, verificationKeyFromSpki(spki));
    check.update(signed);
    if (!check.verify(contentsOf(buf, signature))) return failure('ERR_SIGNATURE_INVALID', `${label}: the signature value does not verify with the key`);
    return { ok: true };
  } catch (error) {
    return failure('ERR_SIGNATURE_MALFORMED', `${label}: ${(error as Error).message}`);
  }
}

function messageDigestOf(buf: Buffer, attributes: DerNode): Uint8Array | undefined {
  for (const attribute of childNodes(buf, attributes)) {
    const [type, values] = childNodes(buf, expectTag(attribute, 0x30, 'Attribute'));
    if (type && Buffer.from(encodingOf(buf, type)).equals(OID_MESSAGE_DIGEST)) {
      return contentsOf(buf, expectTag(childNodes(buf, expectTag(values, 0x31, 'values'))[0], 0x04, 'messageDigest'));
    }
  }
  return undefined;
}

const HASH_BY_ENCODED_OID = new Map<string, HashName>(Object.values(HASHES).map((spec) => [Buffer.from(oid(spec.oid)).toString('hex'), spec.name]));

/** The dotted OID of a digest algorithm we know, from its encoding. */
function oidOfHash(encoded: Uint8Array): string {
  const name = HASH_BY_ENCODED_OID.get(Buffer.from(encoded).toString('hex'));
  if (!name) throw new Error('an unknown digest algorithm');
  return hashSpec(name).oid;
}
