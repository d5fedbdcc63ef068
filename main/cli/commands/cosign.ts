import { SigndeskError } from '../../../preload/contract/errors';
import { coSignFile, parseHashName } from '../../core/cms';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS, keySecretProvider } from './key-secret-provider';

const USAGE = 'signdesk cosign --key KEYREF SIGFILE [--content FILE] [--hash SHA-256|SHA-384|SHA-512] [--tsa URL] [--pin-env NAME | --pass-env NAME]';

export const cosignCommand = defineCommand({
  name: 'cosign',
  summary: 'Add a signer to an existing signature, atomically in place',
  usage: USAGE,
  options: { key: { type: 'string' }, content: { type: 'string' }, hash: { type: 'string' }, tsa: { type: 'string' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    const [signaturePath, ...extra] = args.positionals;
    const keyRef = stringOption(args, 'key');
    if (!signaturePath || extra.length > 0 || !keyRef) throw new SigndeskError('ERR_USAGE', `Usage: ${USAGE}`);
    const hashName = stringOption(args, 'hash');
    const key = await ctx.core().keys.open(keyRef, keySecretProvider(ctx, args));
    const result = await coSignFile(signaturePath, {
      key,
      hash: hashName ? parseHashName(hashName) : undefined,
      contentPath: stringOption(args, 'content'),
      timestampUrl: stringOption(args, 'tsa'),
    });
    ctx.emitJson({ signature: signaturePath, signers: result.signers });
    ctx.print(`${signaturePath}: signed, now ${result.signers} signers`);
    return EXIT_OK;
  },
});
