import { SigndeskError } from '../../../preload/contract/errors';
import { extendSignatureFile, type ExtendLevel } from '../../core/cms';
import { crlRevocationChecker, loadTrustStore, readCertificatesFile } from '../../core/pki';
import { defineCommand, stringOption, stringsOption } from '../command';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes';
import { readInputFile } from './read-input-file';

const USAGE = 'signdesk extend SIGFILE… --level T|LT|LTA [--tsa URL] [--content FILE] [--trust FILE…] [--untrusted FILE…] [--crl FILE…] [--json]';
const LEVELS: readonly ExtendLevel[] = ['T', 'LT', 'LTA'];

export const extendCommand = defineCommand({
  name: 'extend',
  summary: 'Extend signatures to CAdES B-T, B-LT or B-LTA (time-stamps, validation data), atomically in place',
  usage: USAGE,
  options: {
    level: { type: 'string' },
    tsa: { type: 'string' },
    content: { type: 'string' },
    trust: { type: 'string', multiple: true },
    untrusted: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
  },
  async run(ctx, args) {
    const files = args.positionals;
    const level = stringOption(args, 'level')?.toUpperCase() as ExtendLevel | undefined;
    if (files.length === 0 || !level || !LEVELS.includes(level)) throw new SigndeskError('ERR_USAGE', `Usage: ${USAGE}`);
    const content = stringOption(args, 'content');
    if (content && files.length > 1) throw new SigndeskError('ERR_USAGE', '--content goes with one SIGFILE');
    const trustAnchors = [...(await loadTrustStore(ctx.dataDir))];
    for (const file of stringsOption(args, 'trust')) trustAnchors.push(...(await readCertificatesFile(file)));
    const intermediates: Uint8Array[] = [];
    for (const file of stringsOption(args, 'untrusted')) intermediates.push(...(await readCertificatesFile(file)));
    const crls = stringsOption(args, 'crl').map((file) => readInputFile(file));
    const revocation = crlRevocationChecker(crls, { fallback: (certificate, issuer, options) => ctx.core().revocation.checkRevocation(certificate, issuer, options) });
    const results: Array<{ file: string; signers?: Array<{ before: string; after: string }>; error?: { code: string; message: string } }> = [];
    for (const file of files) {
      try {
        const result = await extendSignatureFile(file, { level, tsaUrl: stringOption(args, 'tsa'), trustAnchors, intermediates, revocation, ...(content ? { contentPath: content } : {}) });
        results.push({ file, signers: result.signers });
        ctx.print(`${file}: ${result.signers.map((signer, index) => `signer ${index + 1} ${signer.before} → ${signer.after}`).join('; ')}`);
      } catch (error) {
        if (!(error instanceof SigndeskError) || files.length === 1) throw error;
        results.push({ file, error: { code: error.code, message: error.message } });
        ctx.note(`signdesk: ${file}: ${error.code}: ${error.message}`);
      }
    }
    ctx.emitJson({ level, files: results });
    return results.some((item) => item.error) ? EXIT_CHECK_FAILED : EXIT_OK;
  },
});
