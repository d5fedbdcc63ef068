import { defineCommand, stringOption } from '../command';
import { EXIT_OK } from '../exit-codes';
import { CMP_OPTIONS, caCertificates, noPositionals, reportIssued, requiredOption, secretsFor } from './enroll-common';

const usage = 'signdesk enroll kur --server URL --key KEYREF --new-key KEYREF [--ca-cert FILE] [--out FILE] [--pass-env NAME] [--new-pass-env NAME]';

export const enrollKurCommand = defineCommand({
  name: 'enroll kur',
  summary: 'CMP key update (renewal) for a new key, authenticated by the current key',
  usage,
  options: { ...CMP_OPTIONS, key: { type: 'string' }, 'new-key': { type: 'string' }, 'new-pass-env': { type: 'string' }, out: { type: 'string' } },
  async run(ctx, args) {
    noPositionals(args, usage);
    const serverUrl = requiredOption(args, 'server', usage);
    const keyRef = requiredOption(args, 'key', usage);
    const newKeyRef = requiredOption(args, 'new-key', usage);
    const trusted = caCertificates(args);
    const issued = await ctx.core().ca.updateKey({
      serverUrl,
      keyRef,
      newKeyRef,
      askSecret: secretsFor(ctx, args, { [newKeyRef]: stringOption(args, 'new-pass-env') }),
      ...(trusted ? { caCertificates: trusted } : {}),
    });
    await reportIssued(ctx, issued, stringOption(args, 'out'));
    return EXIT_OK;
  },
});
