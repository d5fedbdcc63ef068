import { SigndeskError } from '../../../../preload/contract/errors';
import type { Route } from '../agent-context';
import { verifyReportJson } from '../../cms';
import { formatFactsJson } from '../../formats';
import { receiveMultipart } from '../http/multipart-upload';
import { sendJson } from '../http/respond';

/**
 * `POST /v1/verify` (multipart: file part `signature` — a `.p7s`, a signed PDF or an ASiC-E container, told apart by
 * content — and `content` for a detached CAdES signature; field `revocation=skip` to leave out OCSP/CRL): the
 * format's verifier, as `signdesk verify` runs it, against the app's trust store. Signs nothing, asks no one.
 */
export const verifyRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/v1\/verify$/,
    access: 'caller',
    async handle(context, route) {
      const folder = context.incoming.create();
      try {
        const upload = await receiveMultipart(route.request, folder, { ...context.limits.upload, maxDocuments: 2 }, ['signature', 'content']);
        const signature = upload.files.find((file) => file.field === 'signature');
        const content = upload.files.find((file) => file.field === 'content');
        if (!signature) throw new SigndeskError('ERR_INPUT_INVALID', 'Send the signature as the file part "signature"');
        const revocation = upload.fields.revocation ?? route.url.searchParams.get('revocation') ?? 'check';
        if (revocation !== 'check' && revocation !== 'skip') throw new SigndeskError('ERR_INPUT_INVALID', 'revocation is check or skip');
        const report = await context.signing.verify({
          signaturePath: signature.path,
          ...(content ? { contentPath: content.path } : {}),
          noRevocation: revocation === 'skip',
        });
        sendJson(route.response, 200, { format: report.format ?? 'cades', ...verifyReportJson(report), ...formatFactsJson(report) }, route.cors);
      } finally {
        context.incoming.remove(folder);
      }
    },
  },
];
