import type { SigningKey } from '../keys/signing-key';
import type { BatchOptions } from '../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../preload/contract/errors';
import { createSignature, SignatureStamp } from '../cms';
import { describeCertificate } from '../pki';
import type { FileWorkerPool } from './file-worker-pool';
import type { SignatureMaker } from './signature-maker';

/**
 * The batch's CAdES-BES signer: detached signatures from a SignatureStamp (the DER built once and patched per
 * file), attached or timestamped ones from `createSignature`; the written-file check on the worker threads.
 * The certificate is described once for the history's signer row.
 */
export function createCmsSignatureMaker(key: SigningKey, options: BatchOptions, pool: FileWorkerPool): SignatureMaker {
  if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', `The key ${key.ref} has no certificate: import one before signing`);
  const info = describeCertificate(key.certificate);
  const identifiers = Object.fromEntries(Object.entries(info.identifiers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const stamp = new SignatureStamp(key, options.hash);
  return {
    signer: { subject: info.subject, identifiers, keyRef: key.ref },
    sign: (digest, content) =>
      content === null && !options.tsaUrl
        ? stamp.sign(digest)
        : createSignature({ digest, hash: options.hash, key, content: content ?? undefined, timestampUrl: options.tsaUrl ?? undefined }),
    async check(file, der, digest) {
      const result = await pool.checkSignature({ path: file, expected: der, digest, spki: key.publicKeySpki, hash: options.hash });
      if (!result.ok) throw new SigndeskError(result.code, result.message);
    },
  };
}
