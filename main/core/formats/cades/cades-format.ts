import fs from 'node:fs/promises';
import path from 'node:path';
import { coSignFile, verifySignatureFile } from '../../cms';
import { oid } from '../../crypto/der';
import type { SignatureFormat } from '../signature-format';
import { cadesPlan, createCadesBatch } from './cades-batch';

/** `.p7s` (ours, detached and attached alike), `.p7m` (attached, S/MIME heritage), `.sig` (other tools). */
const SIGNATURE_EXTENSIONS = ['.p7s', '.p7m', '.sig'];
const SIGNED_DATA = oid('1.2.840.113549.1.7.2');

/** CAdES (ETSI EN 319 122): a CMS SignedData beside the document (`act.pdf.p7s`) or carrying it. */
export const cadesFormat: SignatureFormat = {
  id: 'cades',
  outputPath: (input, options) => (options.outDir ? path.join(options.outDir, `${path.basename(input)}.p7s`) : `${input}.p7s`),
  isOutputName: (name) => SIGNATURE_EXTENSIONS.includes(path.extname(name).toLowerCase()),
  plan: cadesPlan,
  createBatch: createCadesBatch,
  recognises(head, name) {
    if (isPemCms(head) || isDerSignedData(head)) return true;
    return SIGNATURE_EXTENSIONS.includes(path.extname(name).toLowerCase());
  },
  companionOf(signaturePath) {
    const extension = path.extname(signaturePath);
    return SIGNATURE_EXTENSIONS.includes(extension.toLowerCase()) ? signaturePath.slice(0, -extension.length) : null;
  },
  verify: async (request) => ({ ...(await verifySignatureFile(request)), format: 'cades' }),
  async cosign(file, key, options = {}) {
    const { signers } = await coSignFile(file, {
      key,
      ...(options.hash ? { hash: options.hash } : {}),
      ...(options.contentPath ? { contentPath: options.contentPath } : {}),
      ...(options.tsaUrl ? { timestampUrl: options.tsaUrl } : {}),
    });
    const signature = new Uint8Array(await fs.readFile(file));
    return { signers, signature, outputSize: signature.length };
  },
};

/** A ContentInfo SEQUENCE whose first member (after its length) is the signedData OID. */
function isDerSignedData(head: Uint8Array): boolean {
  if (head[0] !== 0x30) return false;
  const lengthBytes = head[1] === 0x80 ? 0 : head[1]! & 0x80 ? head[1]! & 0x7f : 0;
  const at = 2 + lengthBytes;
  return SIGNED_DATA.every((byte, index) => head[at + index] === byte);
}

function isPemCms(head: Uint8Array): boolean {
  return /-----BEGIN (CMS|PKCS7)-----/.test(Buffer.from(head.subarray(0, 256)).toString('latin1'));
}
