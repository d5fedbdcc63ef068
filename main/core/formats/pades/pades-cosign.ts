import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../../preload/contract/errors';
import { createSignature } from '../../cms';
import type { SigningKey } from '../../crypto';
import { syncDirectory, tempPathFor } from '../../fs/atomic-write';
import type { FormatCosignOptions, FormatCosignResult } from '../signature-format';
import { readPdfSignatures } from './pdf';
import { padesPrepareTask, padesSignerFacts } from './pades-batch';
import { checkPadesOutput, embedPadesItem, preparePadesItem, type PadesState } from './pades-tasks';

/**
 * Adds a signer to a PDF in place: a further incremental update (earlier signatures keep their bytes and stay
 * valid; DocMDP P=1 is refused), the CMS over its byte ranges, the result checked, then renamed over the file
 * atomically. The file must not change meanwhile.
 */
export async function cosignPdf(file: string, key: SigningKey, options: FormatCosignOptions = {}): Promise<FormatCosignResult> {
  const hash = options.hash ?? 'SHA-256';
  const facts = padesSignerFacts(key, { tsaUrl: options.tsaUrl ?? null, visible: options.visible ?? null });
  const before = await fs.stat(file).catch((error: unknown) => {
    throw new SigndeskError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE', `Cannot read ${file}`, { path: file });
  });
  const temp = tempPathFor(file);
  try {
    const prepared = await preparePadesItem(padesPrepareTask(file, temp, { hash, visible: options.visible ?? null }, facts, new Date()));
    if (!prepared.ok) throw new SigndeskError(prepared.code, prepared.message);
    const state = prepared.state as PadesState;
    const cms = await createSignature({ digest: prepared.digest, hash, key, omitSigningTime: true, ...(options.tsaUrl ? { timestampUrl: options.tsaUrl } : {}) });
    const embedded = await embedPadesItem({ tempPath: temp, contentsOffset: state.contentsOffset, contentsLength: state.contentsLength, cms });
    if (!embedded.ok) throw new SigndeskError(embedded.code, embedded.message);
    const checked = await checkPadesOutput({ path: temp, cms, digest: prepared.digest, hash, spki: key.publicKeySpki });
    if (!checked.ok) throw new SigndeskError(checked.code, checked.message);
    const now = await fs.stat(file);
    if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) throw new SigndeskError('ERR_FILE_UNREADABLE', `${file} changed while it was being signed`, { path: file });
    await fs.chmod(temp, before.mode & 0o777);
    await fs.rename(temp, file);
    await syncDirectory(path.dirname(file));
    const signatures = await readPdfSignatures(file);
    return { signers: signatures.filter((signature) => signature.kind === 'signature').length, signature: cms, outputSize: embedded.outputSize };
  } finally {
    await fs.rm(temp, { force: true });
  }
}
