import fs from 'node:fs/promises';
import type { Handlers } from '../api/guard';
import type { KeyStore } from '../keys/key-store';
import type { QueueService } from '../queue';
import { SigndeskError } from '../../../preload/contract/errors';
import { coSignFile } from '../cms';
import { describeCertificate } from '../pki';

export interface CosignHandlerDeps {
  queue: () => QueueService;
  keys: () => KeyStore;
}

/**
 * `history:cosign`: another key adds its signer to a signature in the history, in place and atomically; the
 * history entry then lists the new signer and keeps the new signature bytes for export.
 */
export function createCosignHandler(deps: CosignHandlerDeps): Pick<Handlers, 'history:cosign'> {
  return {
    'history:cosign': async ({ id, keyRef, secret }) => {
      const queue = deps.queue();
      const entry = queue.historyEntry(id);
      // The PIN or password is handed over once, for this one opening; it is not kept.
      const key = await deps.keys().open(keyRef, async () => secret ?? null);
      if (!key.certificate) throw new SigndeskError('ERR_INPUT_INVALID', `The key ${key.ref} has no certificate: import one before signing`);
      if (entry.signers.some((signer) => signer.keyRef === key.ref)) {
        throw new SigndeskError('ERR_INPUT_INVALID', 'This key has already signed the document', { keyRef: key.ref });
      }
      await coSignFile(entry.outputPath, {
        key,
        certificate: key.certificate,
        ...(key.chain ? { chain: key.chain } : {}),
        ...(entry.attached ? {} : { contentPath: entry.documentPath }),
      });
      const info = describeCertificate(key.certificate);
      const identifiers = Object.fromEntries(Object.entries(info.identifiers).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
      const signature = new Uint8Array(await fs.readFile(entry.outputPath));
      queue.recordCosignature(entry.outputPath, signature, { subject: info.subject, identifiers, keyRef: key.ref, signedAt: new Date().toISOString() });
      return queue.historyEntry(id);
    },
  };
}
