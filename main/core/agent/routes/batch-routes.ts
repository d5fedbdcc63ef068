import { z } from 'zod';
import type { BatchSummary } from '../../../../preload/contract/domains/queue';
import { SigndeskError } from '../../../../preload/contract/errors';
import type { AgentContext, Route, RouteRequest } from '../agent-context';
import { EventStream } from '../http/event-stream';
import { sendBytes, sendFile, sendJson } from '../http/respond';
import { attachmentHeader, outputMediaType } from '../agent-formats';
import type { AgentItem } from '../agent-signing';
import { batchView } from './batch-view';
import { uploadAndSign } from './upload-and-sign';

const pageSchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The caller's own batch: another caller's batch is as unknown as a missing one. */
function ownBatch(context: AgentContext, route: RouteRequest): BatchSummary {
  let summary: BatchSummary;
  try {
    summary = context.signing.batch(route.params.id!);
  } catch {
    throw new SigndeskError('ERR_NOT_FOUND', `No batch ${route.params.id}`);
  }
  if (summary.requestedBy !== route.caller!.id) throw new SigndeskError('ERR_NOT_FOUND', `No batch ${route.params.id}`);
  return summary;
}

const FINAL_STATES = new Set(['done', 'cancelled', 'stopped', 'interrupted']);

/** An item as callers see it: its state, the CMS (base64), and the output file's name, type and link. */
function itemView(context: AgentContext, summary: BatchSummary, item: AgentItem) {
  const der = item.state === 'done' ? context.signing.signature(summary.id, item.seq) : null;
  const packaging = summary.options.format === 'cades' ? (summary.options.attached ? 'attached' : 'detached') : null;
  return {
    seq: item.seq,
    name: item.name,
    state: item.state,
    error: item.error,
    signature: der ? Buffer.from(der).toString('base64') : null,
    output:
      item.state === 'done'
        ? { name: item.output.name, mediaType: outputMediaType(summary.options.format, packaging), link: `/v1/batches/${summary.id}/items/${item.seq}/output` }
        : null,
  };
}

/**
 * `POST /v1/batches` (multipart, file parts `documents`): many documents, one approval, one login, through the
 * crash-safe batch engine; `GET /v1/batches/{id}` with its items and signatures, `…/events` (server-sent
 * progress), `…/items/{seq}/output` (the .p7s, signed PDF or container), `…/items/{seq}/signature` (the CMS, DER),
 * `DELETE /v1/batches/{id}` (cancel a running batch; let go of a finished one's files).
 */
export const batchRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/batches$/,
    access: 'caller',
    async handle(context, route) {
      const { batch } = await uploadAndSign(context, route, 'batch');
      sendJson(route.response, 201, { batch: batchView(batch) }, { ...route.cors, location: `/v1/batches/${batch.id}` });
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/batches\/(?<id>[0-9a-z-]{6,40})$/,
    access: 'caller',
    handle(context, route) {
      const summary = ownBatch(context, route);
      const page = pageSchema.parse(Object.fromEntries(route.url.searchParams));
      const items = context.signing.items(summary.id, page.offset, page.limit).map((item) => itemView(context, summary, item));
      sendJson(route.response, 200, { batch: batchView(summary), items }, route.cors);
    },
  },
  {
    method: 'DELETE',
    path: /^\/v1\/batches\/(?<id>[0-9a-z-]{6,40})$/,
    access: 'caller',
    handle(context, route) {
      const summary = ownBatch(context, route);
      const after = FINAL_STATES.has(summary.state) ? summary : context.signing.cancelDocuments(summary.id);
      // A finished batch is let go of: its documents and outputs are removed now.
      if (after.state === 'done' || after.state === 'cancelled') context.releaseBatchFiles(summary.id);
      sendJson(route.response, 200, { batch: batchView(after) }, route.cors);
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/batches\/(?<id>[0-9a-z-]{6,40})\/items\/(?<seq>\d{1,6})\/signature$/,
    access: 'caller',
    handle(context, route) {
      const summary = ownBatch(context, route);
      const seq = Number(route.params.seq);
      const [item] = context.signing.items(summary.id, seq, 1);
      const der = item && item.seq === seq && item.state === 'done' ? context.signing.signature(summary.id, seq) : null;
      if (!der) throw new SigndeskError('ERR_NOT_FOUND', `Item ${seq} of batch ${summary.id} has no signature`);
      const cades = summary.options.format === 'cades';
      // CAdES: the .p7s itself. PAdES, ASiC-E: the signer's CMS as it sits in the PDF or the container.
      const name = cades ? item!.output.name : `${item!.name}.p7s`;
      sendBytes(route.response, der, cades ? outputMediaType('cades', summary.options.attached ? 'attached' : 'detached') : 'application/pkcs7-signature', {
        ...route.cors,
        'content-disposition': attachmentHeader(name),
      });
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/batches\/(?<id>[0-9a-z-]{6,40})\/items\/(?<seq>\d{1,6})\/output$/,
    access: 'caller',
    async handle(context, route) {
      const summary = ownBatch(context, route);
      const seq = Number(route.params.seq);
      const [item] = context.signing.items(summary.id, seq, 1);
      if (!item || item.seq !== seq || item.state !== 'done') throw new SigndeskError('ERR_NOT_FOUND', `Item ${seq} of batch ${summary.id} is not signed`);
      const packaging = summary.options.format === 'cades' ? (summary.options.attached ? 'attached' : 'detached') : null;
      const headers = { ...route.cors, 'content-disposition': attachmentHeader(item.output.name) };
      const mediaType = outputMediaType(summary.options.format, packaging);
      if (summary.options.format === 'cades') {
        sendBytes(route.response, context.signing.signature(summary.id, seq)!, mediaType, headers);
        return;
      }
      try {
        await sendFile(route.response, item.output.path, mediaType, headers);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new SigndeskError('ERR_NOT_FOUND', `The output of item ${seq} is no longer kept: fetch outputs within the retention time, before DELETE`, { batchId: summary.id });
      }
    },
  },
  {
    method: 'GET',
    path: /^\/v1\/batches\/(?<id>[0-9a-z-]{6,40})\/events$/,
    access: 'caller',
    handle(context, route) {
      const summary = ownBatch(context, route);
      const stream = new EventStream(route.response, route.cors);
      const finish = (final: BatchSummary) => {
        stream.send('finished', batchView(final));
        stream.close();
      };
      const off = context.signing.onBatchEvent((event) => {
        if (event.type === 'progress' && event.progress.batchId === summary.id) stream.send('progress', event.progress);
        if (event.type === 'finished' && event.summary.id === summary.id) finish(event.summary);
      });
      route.response.on('close', off);
      // The state as it is now: a batch that already ended gets its one `finished` event at once.
      const current = context.signing.batch(summary.id);
      stream.send('batch', batchView(current));
      if (FINAL_STATES.has(current.state)) finish(current);
    },
  },
];
