import path from 'node:path';
import type { BatchSummary } from '../../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../../preload/contract/errors';
import type { AgentContext, RouteRequest } from '../agent-context';
import type { AgentDocument } from '../agent-signing';
import { withConsent } from '../consented-signing';
import { outputNamesOf } from '../agent-formats';
import { receiveMultipart } from '../http/multipart-upload';
import { requestedKey, signingOptions, timestampServiceFor, type SigningOptions } from '../signing-options';

/**
 * The document path of `POST /v1/sign` and `POST /v1/batches`: the caller's consent slot is taken before a byte
 * is read, the documents are streamed to an incoming folder, the user sees their names and sizes, and only
 * then is a batch recorded and started (one approval, one login). Refusal in any form removes the folder.
 */
export async function uploadAndSign(
  context: AgentContext,
  route: RouteRequest,
  operation: 'document' | 'batch',
): Promise<{ batch: BatchSummary; options: SigningOptions; documents: AgentDocument[] }> {
  const caller = route.caller!;
  const early = caller.kind === 'token' ? caller.keyId : (route.url.searchParams.get('keyId') ?? undefined);
  const release = early !== undefined && context.sessions.find(caller.id, early) ? () => undefined : context.consent.reserve(caller.id);
  const folder = context.incoming.create();
  let batchId: string | undefined;
  let started = false;
  try {
    const upload = await receiveMultipart(
      route.request,
      folder,
      operation === 'document' ? { ...context.limits.upload, maxDocuments: 1 } : context.limits.upload,
      [operation === 'document' ? 'document' : 'documents'],
      outputNamesOf,
    );
    const options = signingOptions(context, route.url.searchParams, upload.fields);
    const key = await requestedKey(context, caller, options.keyId);
    const tsaUrl = await timestampServiceFor(context, options);
    const documents: AgentDocument[] = upload.files.map((file) => ({ path: file.path, name: file.name, size: file.size }));
    if (documents.length === 0) throw new SigndeskError('ERR_INPUT_INVALID', `Send the document${operation === 'batch' ? 's' : ''} as file part${operation === 'batch' ? 's' : ''} "${operation === 'batch' ? 'documents' : 'document'}"`);
    const packet = options.packet?.toLowerCase();
    if (packet !== undefined && documents.some((document) => path.dirname(document.path) === folder && document.name.toLowerCase() === packet)) {
      throw new SigndeskError('ERR_INPUT_INVALID', `The packet ${options.packet} has the name of one of its documents`);
    }
    const batch = await withConsent(
      context,
      caller,
      key,
      {
        operation,
        format: options.format,
        packaging: options.packaging,
        packet: options.packet,
        visible: options.visible,
        timestamp: tsaUrl,
        documents: documents.map(({ name, size }) => ({ name, size })),
        hash: null,
      },
      async (secret) => {
        if (batchId === undefined) {
          batchId = context.signing.recordDocuments({
            keyRef: key.keyRef,
            documents,
            format: options.format,
            packaging: options.packaging,
            hash: options.hash,
            packet: options.packet,
            visible: options.visible,
            tsaUrl,
            requestedBy: caller.id,
          }).id;
          context.incoming.markBatch(folder, batchId);
          context.trackBatchFolder(batchId, folder);
        }
        return context.signing.signDocuments(batchId, secret);
      },
      route.signal,
    );
    started = true;
    return { batch, options, documents };
  } catch (error) {
    // A batch recorded for an approval that then failed (wrong PIN, then denied or timed out) never signs.
    if (batchId !== undefined && !started) context.signing.cancelDocuments(batchId);
    context.incoming.remove(folder);
    throw error;
  } finally {
    release();
  }
}
