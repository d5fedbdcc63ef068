import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { CMP_OPTIONS, caCertificates, noPositionals, reportIssued, requiredOption, secretsFor } from './enroll-common';

const usage = 'signdesk enroll ir --server URL --ref REF --secret-env NAME --key KEYREF --subject DN [--ca-cert FILE] [--out FILE] [--pass-env NAME | --pin-env NAME]';

export const enrollIrCommand = defineCommand({
  name: 'enroll ir',
  summary: 'CMP initial registration, MAC-protected by reference number and secret; binds the certificate to the key',
  usage,
  options: { ...CMP_OPTIONS, ref: { type: 'string' }, 'secret-env': { type: 'string' }, key: { type: 'string' }, subject: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, args) {
    noPositionals(args, usage);
    const serverUrl = requiredOption(args, 'server', usage);
    const reference = requiredOption(args, 'ref', usage);
    const secretEnv = requiredOption(args, 'secret-env', usage);
    const keyRef = requiredOption(args, 'key', usage);
    const subject = requiredOption(args, 'subject', usage);
    const trusted = caCertificates(args);
    const secret = await ctx.readSecret({ envName: secretEnv, kind: 'password', prompt: 'CA secret: ' });
    const issued = await ctx.core().ca.initialRegistration({
      serverUrl,
      reference,
      secret,
      keyRef,
      subject,
      askSecret: secretsFor(ctx, args, {}),
      ...(trusted ? { caCertificates: trusted } : {}),
    });
    await reportIssued(ctx, issued, stringOption(args, 'out'));
    return EXIT_OK;
  },
});
