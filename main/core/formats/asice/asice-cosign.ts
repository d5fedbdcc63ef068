import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../../preload/contract/errors';
import { createSignature } from '../../cms';
import { contentHashFor, digest as hashBytes, type SigningKey } from '../../crypto';
import { syncDirectory, tempPathFor } from '../../fs/atomic-write';
import { checkCadesSignature } from '../cades/output-check';
import type { FormatCosignOptions, FormatCosignResult } from '../signature-format';
import { buildAsicManifest, checkManifestDigests, digestEntry, manifestDocumentHash, nextSignaturePairNames, nodeHashName, openAsicContainer, writeAsicContainer } from './container';
import { mediaTypeOf } from './media-types';

/**
 * Adds a signer to an ASiC-E container: a new manifest listing every document with its digest and a CAdES signature
 * over it (EN 319 162-1 4.4.3: a further ASiCManifest + signature pair); the other entries are copied unchanged, so
 * the earlier signatures stay valid. Refused when a document no longer matches an existing manifest: a co-signer must
 * not sign documents the earlier signers did not. The container is replaced atomically.
 */
export async function cosignContainer(file: string, key: SigningKey, options: FormatCosignOptions = {}): Promise<FormatCosignResult> {
  const hash = contentHashFor(key, options.hash);
  const documentHash = manifestDocumentHash(hash);
  if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', `The key ${key.ref} has no certificate: import one before signing`);
  const before = await fs.stat(file);
  const temp = tempPathFor(file);
  const container = await openAsicContainer(file);
  try {
    for (const entry of container.manifests) {
      const check = await checkManifestDigests(container, entry.manifest);
      if (!check.allMatch) throw new SigndeskError('ERR_SIGNATURE_INVALID', `${path.basename(file)}: a document does not match ${entry.name}; it is not signed again`, { manifest: entry.name });
    }
    const known = new Map(container.manifests.flatMap((entry) => entry.manifest.documents.flatMap((reference) => (reference.mimeType ? [[reference.name, reference.mimeType] as const] : []))));
    const documents = [];
    for (const document of container.documents) {
      documents.push({ name: document.name, mimeType: known.get(document.name) ?? mediaTypeOf(document.name), digestAlgorithm: documentHash, digest: await digestEntry(container, document.name, nodeHashName(documentHash)) });
    }
    const pair = nextSignaturePairNames(container.entries.map((entry) => entry.name));
    const manifest = buildAsicManifest({ signatureName: pair.signatureName, documents });
    const digest = hashBytes(hash, manifest);
    const cms = await createSignature({ digest, hash, key, ...(options.tsaUrl ? { timestampUrl: options.tsaUrl } : {}) });
    const checked = checkCadesSignature(Buffer.from(cms), digest, key.publicKeySpki, file);
    if (!checked.ok) throw new SigndeskError(checked.code, checked.message);
    const written = await writeAsicContainer(temp, { carry: container, manifests: [{ name: pair.manifestName, xml: manifest }], signatures: [{ name: pair.signatureName, der: cms }] });
    const signers = container.signatures.length + 1;
    container.close();
    const now = await fs.stat(file);
    if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) throw new SigndeskError('ERR_FILE_UNREADABLE', `${file} changed while it was being signed`, { path: file });
    await fs.chmod(temp, before.mode & 0o777);
    await fs.rename(temp, file);
    await syncDirectory(path.dirname(file));
    return { signers, signature: cms, outputSize: written.size };
  } finally {
    container.close();
    await fs.rm(temp, { force: true });
  }
}
