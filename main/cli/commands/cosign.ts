import { SigndeskError } from '../../../preload/contract/errors';
import { parseHashName } from '../../core/crypto';
import { detectFormat } from '../../core/formats';
import { describeCertificate } from '../../core/pki';
import { parseVisibleOption, VISIBLE_USAGE } from './visible-option';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS, keySecretProvider } from './key-secret-provider';

const USAGE = `signdesk cosign --key KEYREF SIGNED-FILE [--content FILE] [--hash NAME] [--tsa URL] [--visible ${VISIBLE_USAGE}] [--pin-env NAME | --pass-env NAME]`;

export const cosignCommand = defineCommand({
  name: 'cosign',
  summary: 'Add a signer to a signed file (.p7s, PDF, ASiC-E), atomically in place',
  usage: USAGE,
  options: { key: { type: 'string' }, content: { type: 'string' }, hash: { type: 'string' }, tsa: { type: 'string' }, visible: { type: 'string' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    const [signaturePath, ...extra] = args.positionals;
    const keyRef = stringOption(args, 'key');
    if (!signaturePath || extra.length > 0 || !keyRef) throw new SigndeskError('ERR_USAGE', `Usage: ${USAGE}`);
    const hashName = stringOption(args, 'hash');
    const visible = stringOption(args, 'visible');
    const contentPath = stringOption(args, 'content');
    const tsaUrl = stringOption(args, 'tsa');
    const format = detectFormat(signaturePath);
    if (visible !== undefined && format.id !== 'pades') throw new SigndeskError('ERR_USAGE', '--visible is for PDF signatures');
    const { result, certificate, ref } = await ctx.core().keys.use(keyRef, keySecretProvider(ctx, args), async (key) => ({
      result: await format.cosign(signaturePath, key, {
        ...(hashName ? { hash: parseHashName(hashName) } : {}),
        ...(contentPath ? { contentPath } : {}),
        ...(tsaUrl ? { tsaUrl } : {}),
        ...(visible !== undefined ? { visible: parseVisibleOption(visible) } : {}),
      }),
      certificate: key.certificate,
      ref: key.ref,
    }));
    if (certificate) {
      // A file Signdesk signed keeps its history entry current (its signers, and its size for the inbox watcher).
      const info = describeCertificate(certificate);
      const identifiers = Object.fromEntries(Object.entries(info.identifiers).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
      ctx.core().queue.recordCosignature(signaturePath, result.signature, { subject: info.subject, identifiers, keyRef: ref, signedAt: new Date().toISOString() }, result.outputSize);
    }
    ctx.emitJson({ signature: signaturePath, signers: result.signers });
    ctx.print(`${signaturePath}: signed, now ${result.signers} signers`);
    return EXIT_OK;
  },
});
