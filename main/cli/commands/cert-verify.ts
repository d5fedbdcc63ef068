import { SigndeskError } from '../../../preload/contract/errors';
import { readCertificatesFile, validatePath } from '../../core/pki';
import { defineCommand } from '../command';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../exit-codes';
import { VERIFICATION_OPTIONS, verificationInputs } from './verification-inputs';

const USAGE = 'signdesk cert verify CERTFILE --trust FILE… [--untrusted FILE…] [--crl FILE…] [--at ISO8601] [--no-revocation] [--json]';

export const certVerifyCommand = defineCommand({
  name: 'cert verify',
  summary: 'RFC 5280 path validation of a certificate to the trust anchors',
  usage: USAGE,
  options: VERIFICATION_OPTIONS,
  async run(ctx, args) {
    const [file, ...extra] = args.positionals;
    if (!file || extra.length > 0) throw new SigndeskError('ERR_USAGE', `Usage: ${USAGE}`);
    const [leaf, ...rest] = await readCertificatesFile(file);
    const inputs = await verificationInputs(ctx, args);
    const result = await validatePath(leaf, {
      trustAnchors: inputs.trustAnchors,
      intermediates: [...rest, ...inputs.intermediates],
      at: inputs.at,
      revocation: inputs.revocation,
    });
    const errors = [...new Set(result.errors.map((error) => error.code))];
    ctx.emitJson({ valid: result.valid, indication: result.indication, errors, chain: result.chain.map((item) => item.info.subject) });
    ctx.print(`${result.valid ? 'Valid' : 'Not valid'}: ${result.indication}`);
    ctx.print('Chain:');
    result.chain.forEach((item, index) => ctx.print(`  ${index}: ${item.info.subject}`));
    ctx.print(`Revocation: ${result.revocation}`);
    for (const error of result.errors) ctx.print(`${error.code}: ${error.message}`);
    return result.valid ? EXIT_OK : EXIT_CHECK_FAILED;
  },
});
