import { z } from 'zod';
import { SigndeskError, isErrorCode } from '../../../../preload/contract/errors';
import { SIGNING_HASHES, hashSpec } from '../../crypto';
import type { Route, RouteRequest } from '../agent-context';
import { reserveConsent, withConsent } from '../consented-signing';
import { readJsonBody } from '../http/json-body';
import { sendBytes, sendFile, sendJson, sendJsonWithFile } from '../http/respond';
import { attachmentHeader, outputMediaType } from '../agent-formats';
import { requestedKey, signingOptions, timestampServiceFor } from '../signing-options';
import { uploadAndSign } from './upload-and-sign';

const hashBody = z
  .object({
    keyId: z.string().min(1).max(100).optional(),
    format: z.string().min(1).max(40).optional(),
    packaging: z.literal('detached').optional(),
    timestamp: z.boolean().optional(),
    hash: z.object({ algorithm: z.enum(SIGNING_HASHES), value: z.string().min(1).max(200) }).strict(),
  })
  .strict();

/** Whether the caller asked for the bytes themselves (`Accept: <the output's media type>`) rather than JSON. */
function wantsBytes(route: RouteRequest, mediaType: string): boolean {
  const accept = (route.request.headers.accept ?? '').toLowerCase();
  return accept.includes(mediaType) || accept.includes('application/octet-stream') || (mediaType.startsWith('application/pkcs7-') && accept.includes('application/pkcs7-'));
}

/** A CMS (CAdES): DER when asked for, else JSON with the signature in base64. */
function answerSignature(route: RouteRequest, der: Uint8Array, json: Record<string, unknown>, fileName: string, mediaType: string): void {
  if (wantsBytes(route, mediaType)) {
    sendBytes(route.response, der, mediaType, { ...route.cors, 'content-disposition': attachmentHeader(fileName) });
  } else {
    sendJson(route.response, 200, { ...json, name: fileName, mediaType, signature: Buffer.from(der).toString('base64') }, route.cors);
  }
}

async function signHash(context: Parameters<Route['handle']>[0], route: RouteRequest): Promise<void> {
  const caller = route.caller!;
  const body = await readJsonBody(route.request, context.limits.maxJsonBytes, hashBody);
  const options = signingOptions(context, route.url.searchParams, {
    ...(body.keyId !== undefined ? { keyId: body.keyId } : {}),
    ...(body.format !== undefined ? { format: body.format } : {}),
    ...(body.timestamp !== undefined ? { timestamp: String(body.timestamp) } : {}),
  });
  const format = context.signing.formats().find((known) => known.id === options.format)!;
  if (!format.hashSigning) {
    throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', `A ${options.format === 'pades' ? 'PDF signature (PAdES)' : 'container (ASiC-E)'} is built from the documents themselves: send the document, not a hash`, {
      format: options.format,
    });
  }
  if (options.packaging === 'attached') throw new SigndeskError('ERR_FORMAT_UNSUPPORTED', 'A hash is signed detached: an attached signature needs the document');
  if (options.hash !== null && options.hash !== body.hash.algorithm) throw new SigndeskError('ERR_INPUT_INVALID', `hash=${options.hash} but the digest is ${body.hash.algorithm}`);
  const digest = Buffer.from(body.hash.value, /^[0-9a-f]+$/i.test(body.hash.value) ? 'hex' : 'base64');
  const expected = hashSpec(body.hash.algorithm).length;
  if (digest.length !== expected) {
    throw new SigndeskError('ERR_INPUT_INVALID', `A ${body.hash.algorithm} digest is ${expected} bytes (hex or base64)`);
  }
  const key = await requestedKey(context, caller, options.keyId);
  const tsaUrl = await timestampServiceFor(context, options);
  const release = reserveConsent(context, caller, key);
  let der: Uint8Array;
  try {
    der = await withConsent(
      context,
      caller,
      key,
      {
        operation: 'hash',
        format: options.format,
        packaging: 'detached',
        packet: null,
        visible: null,
        timestamp: tsaUrl,
        documents: [],
        hash: { algorithm: body.hash.algorithm, value: digest.toString('hex') },
      },
      (secret) => context.signing.signHash({ keyRef: key.keyRef, algorithm: body.hash.algorithm, digest: new Uint8Array(digest), format: options.format, tsaUrl }, secret),
      route.signal,
    );
  } finally {
    release();
  }
  answerSignature(route, der, { format: options.format, packaging: 'detached' }, 'signature.p7s', outputMediaType('cades', 'detached'));
}

async function signDocument(context: Parameters<Route['handle']>[0], route: RouteRequest): Promise<void> {
  const { batch, options } = await uploadAndSign(context, route, 'document');
  try {
    const finished = await context.signing.finished(batch.id);
    const [item] = context.signing.items(batch.id, 0, 1);
    const der = item?.state === 'done' ? context.signing.signature(batch.id, item.seq) : null;
    if (!item || !der) {
      const failure = item?.error ?? finished.fatalError ?? { code: 'ERR_INTERNAL', message: `The batch ended ${finished.state}` };
      throw new SigndeskError(isErrorCode(failure.code) ? failure.code : 'ERR_INTERNAL', failure.message, { batchId: batch.id });
    }
    const mediaType = outputMediaType(options.format, options.packaging);
    const json = { format: options.format, packaging: options.packaging, batchId: batch.id };
    // CAdES: the journal holds the whole .p7s. A signed PDF or a container is the file the batch wrote.
    if (options.format === 'cades') {
      answerSignature(route, der, json, item.output.name, mediaType);
    } else if (wantsBytes(route, mediaType)) {
      await sendFile(route.response, item.output.path, mediaType, { ...route.cors, 'content-disposition': attachmentHeader(item.output.name) });
    } else {
      await sendJsonWithFile(route.response, { ...json, name: item.output.name, mediaType }, 'file', item.output.path, route.cors);
    }
  } finally {
    context.releaseBatchFiles(batch.id);
  }
}

/**
 * `POST /v1/sign`: one document (multipart, file part `document`) in any format, or a hash (JSON
 * `{ hash: { algorithm, value } }`, CAdES only), after the user's consent; answers with the signature, the signed
 * PDF or the container (as JSON in base64, or the bytes themselves for `Accept: <its media type>`).
 */
export const signRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/sign$/,
    access: 'caller',
    handle: (context, route) => (/^application\/json\b/i.test(route.request.headers['content-type'] ?? '') ? signHash(context, route) : signDocument(context, route)),
  },
];
