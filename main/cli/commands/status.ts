import { SigndeskError } from '../../../preload/contract/errors';
import { loadTrustStore } from '../../core/pki/trust-store';
import { decodeCertificate, decodeCertificates } from '../../core/pki/certificate';
import type { RevocationResult } from '../../core/pki/revocation';
import { defineCommand, stringOption, stringsOption } from '../command';
import { EXIT_CHECK_FAILED, EXIT_ENVIRONMENT, EXIT_OK } from '../exit-codes';
import { readInputFile } from './read-input-file';
import { certificateStatusOf } from '../../core/ca/ca-handlers';

/** `status --json` exactly as ../shared/CLI.md gives it: the app's status without its problem list. */
export function statusJson(result: RevocationResult) {
  const { problems: _problems, ...json } = certificateStatusOf(result);
  return json;
}

export function statusExitCode(result: RevocationResult): number {
  if (result.status === 'good') return EXIT_OK;
  if (result.status === 'unreachable') return EXIT_ENVIRONMENT;
  return EXIT_CHECK_FAILED;
}

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Revocation status of a certificate via OCSP / CRL, cached',
  usage: 'signdesk status CERTFILE [--issuer FILE] [--ocsp URL] [--crl-url URL]… [--json]',
  options: {
    issuer: { type: 'string' },
    ocsp: { type: 'string' },
    'crl-url': { type: 'string', multiple: true },
  },
  async run(ctx, args) {
    const [certFile, ...extra] = args.positionals;
    if (!certFile || extra.length > 0) throw new SigndeskError('ERR_USAGE', 'Give exactly one CERTFILE');
    const cert = decodeCertificates(readInputFile(certFile))[0]!;
    const issuerFile = stringOption(args, 'issuer');
    // --issuer first, then the trust store, then the certificate's AIA caIssuers URL.
    const candidates = [...(issuerFile ? decodeCertificates(readInputFile(issuerFile)) : []), ...(await loadTrustStore(ctx.dataDir)).map(decodeCertificate)];
    const revocation = ctx.core().revocation;
    const issuer = await revocation.findIssuer(cert, candidates);
    const result = await revocation.check(cert, issuer, {
      ...(stringOption(args, 'ocsp') ? { ocspUrl: stringOption(args, 'ocsp') } : {}),
      crlUrls: stringsOption(args, 'crl-url'),
    });
    const json = statusJson(result);
    ctx.emitJson(json);
    ctx.print(`Status: ${json.status}`);
    if (json.source) ctx.print(`Source: ${json.source}${result.url ? ` (${result.url})` : ''}${json.fromCache ? ', from cache' : ''}`);
    if (json.revokedAt) ctx.print(`Revoked at: ${json.revokedAt}${json.reason ? ` (${json.reason})` : ''}`);
    if (json.thisUpdate) ctx.print(`This update: ${json.thisUpdate}`);
    if (json.nextUpdate) ctx.print(`Next update: ${json.nextUpdate}`);
    for (const problem of result.problems) ctx.note(`note: ${problem}`);
    if (result.status === 'unreachable') ctx.note('signdesk: ERR_NETWORK: no revocation source could be reached and nothing is cached');
    return statusExitCode(result);
  },
});

