import { SigndeskError } from '../../../preload/contract/errors';
import { describeCertificate } from '../../core/pki/certificate';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS, keySecretProvider } from './key-secret-provider';
import { readInputFile } from './read-input-file';

export const certImportCommand = defineCommand({
  name: 'cert import',
  summary: 'Bind a certificate (PEM, DER, .p7b) to a key: on the token beside the key, or stored with the file key',
  usage: 'signdesk cert import --key KEYREF CERTFILE [--pin-env NAME | --pass-env NAME]',
  options: { key: { type: 'string' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    const keyRef = stringOption(args, 'key');
    const [file, ...extra] = args.positionals;
    if (!keyRef || !file || extra.length > 0) throw new SigndeskError('ERR_USAGE', `Usage: ${this.usage}`);
    const bytes = readInputFile(file);
    const { certificate, chain } = await ctx.core().keys.bindCertificate(keyRef, bytes, keySecretProvider(ctx, args));
    const info = describeCertificate(certificate);
    ctx.emitJson({ keyRef, subject: info.subject, issuer: info.issuer, serial: info.serial, notBefore: info.notBefore, notAfter: info.notAfter, chain: chain.length });
    ctx.print(`Bound ${info.subject} (serial ${info.serial}, valid to ${info.notAfter}) to ${keyRef}`);
    if (chain.length > 0) ctx.print(`Chain: ${chain.length} more certificate${chain.length === 1 ? '' : 's'}`);
    return EXIT_OK;
  },
});
