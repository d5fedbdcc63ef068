import type { Handlers } from '../../../preload/contract/api';
import type { QueueService } from './queue-service';

/** `history:cosign` is served by the CMS feature (it needs the co-signing code), not here. */
type QueueChannel = Exclude<Extract<keyof Handlers, `queue:${string}` | `history:${string}`>, 'history:cosign'>;

/** The `queue` and `history` domains of the contract over the queue service. */
export function queueHandlers(queue: QueueService): Pick<Handlers, QueueChannel> {
  return {
    'queue:list': () => queue.listDocuments(),
    'queue:add': ({ paths }) => queue.addDocuments(paths),
    'queue:remove': ({ ids }) => ({ removed: queue.removeDocuments(ids) }),
    'queue:sign': ({ documentIds, keyRef, secret, format, attached, outDir, overwrite, tsaUrl, inPlace, packet, visible }) =>
      queue.start(
        {
          keyRef,
          documentIds,
          options: {
            ...(attached !== undefined && { attached }),
            ...(outDir !== undefined && { outDir }),
            ...(overwrite !== undefined && { overwrite }),
            ...(tsaUrl !== undefined && { tsaUrl }),
            ...(format !== undefined && { format }),
            ...(inPlace !== undefined && { inPlace }),
            ...(packet !== undefined && { packet }),
            ...(visible !== undefined && { visible }),
          },
        },
        secret,
      ),
    'queue:pause': ({ batchId }) => queue.pause(batchId),
    'queue:resume': ({ batchId, secret }) => queue.resume(batchId, secret),
    'queue:cancel': ({ batchId }) => queue.cancel(batchId),
    'queue:batches': ({ limit }) => queue.batches(limit),
    'queue:interrupted': () => queue.interrupted(),
    'queue:items': ({ batchId, offset, limit }) => queue.items(batchId, offset, limit),
    'history:list': (query) => queue.listHistory(query),
    'history:get': ({ id }) => queue.historyEntry(id),
    'history:exportCsv': (query) => ({ csv: queue.exportHistoryCsv(query) }),
    'history:exportSignature': async ({ id, path, overwrite }) => ({ path: await queue.exportSignature(id, path, overwrite) }),
  };
}
