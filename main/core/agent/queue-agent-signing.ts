import path from 'node:path';
import type { EventBus } from '../events/event-bus';
import type { CabinetKeys } from '../cabinet';
import type { QueueService } from '../queue';
import type { RevocationChecker } from '../pki/revocation/revocation-types';
import { createSignature } from '../cms';
import { detectFormat } from '../formats';
import { loadTrustStore } from '../pki';
import { SigndeskError } from '../../../preload/contract/errors';
import type { AgentBatchEvent, AgentSigning } from './agent-signing';
import { agentFormats } from './agent-formats';

export interface QueueAgentSigningDeps {
  dataDir: string;
  events: EventBus;
  queue: () => QueueService;
  keys: () => CabinetKeys;
  checkRevocation: RevocationChecker;
  /** The time-stamp service set in Settings. */
  tsaUrl: () => Promise<string | null>;
}

/**
 * AgentSigning over the queue service (documents: the batch engine and format registry `signdesk sign` uses),
 * `main/core/cms` (a hash), the format registry (verification) and the cabinet's keys.
 */
export function createQueueAgentSigning(deps: QueueAgentSigningDeps): AgentSigning {
  return {
    formats: agentFormats,
    timestampService: () => deps.tsaUrl(),
    recordDocuments(request) {
      return deps.queue().createBatch({
        keyRef: request.keyRef,
        paths: request.documents.map((document) => document.path),
        options: {
          format: request.format,
          attached: request.packaging === 'attached',
          hash: request.hash,
          packet: request.packet,
          outDir: null,
          overwrite: false,
          tsaUrl: request.tsaUrl,
          ...(request.visible ? { visible: request.visible } : {}),
        },
        requestedBy: request.requestedBy,
      });
    },
    signDocuments: (batchId, secret) => deps.queue().startBatch(batchId, secret),
    cancelDocuments: (batchId) => deps.queue().cancel(batchId),
    batch: (batchId) => deps.queue().journal.get(batchId),
    finished: (batchId) => deps.queue().settled(batchId),
    items: (batchId, offset, limit) =>
      deps
        .queue()
        .items(batchId, offset, limit)
        .map((item) => ({
          seq: item.seq,
          name: path.basename(item.input),
          state: item.state,
          error: item.error,
          output: { name: path.basename(item.output), path: item.output },
        })),
    signature: (batchId, seq) => deps.queue().journal.signature(batchId, seq),
    onBatchEvent(listener: (event: AgentBatchEvent) => void) {
      const offProgress = deps.events.on('batchProgress', (progress) => listener({ type: 'progress', progress }));
      const offFinished = deps.events.on('batchFinished', (summary) => listener({ type: 'finished', summary }));
      return () => {
        offProgress();
        offFinished();
      };
    },
    async signHash(request, secret) {
      if (request.format !== 'cades') throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', `A hash can be signed as CAdES only, not ${request.format}`);
      // The PIN or password is handed over for this one opening; it is not kept.
      return deps.keys().use(request.keyRef, async () => secret ?? null, (key) =>
        createSignature({ digest: request.digest, hash: request.algorithm, key, ...(request.tsaUrl ? { timestampUrl: request.tsaUrl } : {}) }),
      );
    },
    async verify(request) {
      return detectFormat(request.signaturePath).verify({
        signaturePath: request.signaturePath,
        ...(request.contentPath !== undefined ? { contentPath: request.contentPath } : {}),
        trustAnchors: await loadTrustStore(deps.dataDir),
        revocation: request.noRevocation ? 'skip' : deps.checkRevocation,
      });
    },
  };
}
