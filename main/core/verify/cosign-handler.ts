import type { Handlers } from '../../../preload/contract/api';
import type { CabinetKeys } from '../cabinet';
import type { QueueService } from '../queue';
import { SigndeskError } from '../../../preload/contract/errors';
import { detectFormat, signerOfKey } from '../formats';

export interface CosignHandlerDeps {
  queue: () => QueueService;
  keys: () => CabinetKeys;
}

/**
 * `history:cosign`: another key adds its signer to a signed file in the history, in place and atomically, in the
 * file's own format (a `.p7s` gains a SignerInfo, a PDF an incremental update, an ASiC-E container a manifest +
 * signature pair); the history entry then lists the new signer.
 */
export function createCosignHandler(deps: CosignHandlerDeps): Pick<Handlers, 'history:cosign'> {
  return {
    'history:cosign': async ({ id, keyRef, secret }) => {
      const queue = deps.queue();
      const entry = queue.historyEntry(id);
      const format = detectFormat(entry.outputPath);
      // The PIN or password is handed over once, for this one opening; it is not kept.
      const signed = await deps.keys().use(keyRef, async () => secret ?? null, async (key) => {
        const signer = signerOfKey(key);
        if (entry.signers.some((existing) => existing.keyRef === key.ref)) {
          throw new SigndeskError('ERR_INPUT_INVALID', 'This key has already signed the document', { keyRef: key.ref });
        }
        const result = await format.cosign(entry.outputPath, key, format.id === 'cades' && !entry.attached ? { contentPath: entry.documentPath } : {});
        return { result, signer };
      });
      queue.recordCosignature(entry.outputPath, signed.result.signature, { ...signed.signer, signedAt: new Date().toISOString() }, signed.result.outputSize);
      return queue.historyEntry(id);
    },
  };
}
