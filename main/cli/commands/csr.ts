import path from 'node:path';
import { SigndeskError } from '../../../preload/contract/errors';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { pemEncode } from '../../core/keys/file-key/pem';
import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { KEY_SECRET_OPTIONS, keySecretProvider } from './key-secret-provider';

export const csrCommand = defineCommand({
  name: 'csr',
  summary: 'PKCS#10 certification request signed by the key; subject as an RFC 4514 DN (identifiers such as EDRPOU by name)',
  usage: 'signdesk csr --key KEYREF --subject DN [--out FILE] [--pin-env NAME | --pass-env NAME]',
  options: { key: { type: 'string' }, subject: { type: 'string' }, out: { type: 'string' }, ...KEY_SECRET_OPTIONS },
  async run(ctx, args) {
    const keyRef = stringOption(args, 'key');
    const subject = stringOption(args, 'subject');
    if (!keyRef || !subject) throw new SigndeskError('ERR_USAGE', `csr needs --key KEYREF and --subject DN\nUsage: ${this.usage}`);
    const der = await ctx.core().keys.createRequest(keyRef, subject, keySecretProvider(ctx, args));
    const pem = pemEncode('CERTIFICATE REQUEST', der);
    const out = stringOption(args, 'out');
    if (out !== undefined) {
      await writeFileAtomic(path.resolve(out), pem, { mode: 0o644 });
      ctx.note(`Wrote ${out}`);
    } else if (!ctx.json) {
      ctx.io.stdout.write(pem);
    }
    ctx.emitJson({ subject, out: out === undefined ? null : path.resolve(out), pem });
    return EXIT_OK;
  },
});
